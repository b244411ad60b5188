import { openDatabase } from '@crm/database';
import { closeJobStore, createStorage, defaultDataDir, openJobStore, publishEvent, runProcess } from '@crm/core';
import { loadJobsConfig } from './config.js';
import { healthHandler } from './health.js';
import { createWorker } from './worker.js';

/** Running jobs finish within this after SIGTERM (compose gives the process 60 s); unstarted ones are handed back at once. */
const DRAIN_MS = 25_000;

await runProcess({
  name: 'jobs',
  loadConfig: () => loadJobsConfig(),
  logLevel: (config) => config.LOG_LEVEL,
  drainMs: DRAIN_MS,
  async start(shell) {
    const { config, logger } = shell;
    const db = await openDatabase({
      url: config.DATABASE_URL,
      dataDir: config.DATA_DIR ?? defaultDataDir(),
      embeddedPort: config.EMBEDDED_PG_PORT,
      migrate: true,
      poolMax: config.DB_POOL_MAX,
      log: (line) => logger.debug(line),
    });
    shell.onRelease(() => db.close());
    // The same selection as the producers (api, bot): AGENDA_BACKEND picks PostgreSQL or MongoDB.
    const store = openJobStore(config, { databaseUrl: db.url, poolMax: config.DB_POOL_MAX, logger });
    shell.onRelease(() => closeJobStore(store));
    const worker = await createWorker({
      config,
      sequelize: db.sequelize,
      store,
      logger,
      storage: createStorage(config),
      publish: (event) => publishEvent(db.sequelize, event),
    });
    await shell.listen(healthHandler(db.sequelize, store, { running: shell.running }), config.JOBS_PORT, 'JOBS_PORT', config.JOBS_HOST);
    logger.info({ port: config.JOBS_PORT }, 'jobs health endpoint listening');
    await worker.start();
    return { drain: () => worker.stop(DRAIN_MS) };
  },
});
