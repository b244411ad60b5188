import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@crm/database';
import { createEventHub, createStorage, openJobQueue, runProcess, seedDemoIfEmpty } from '@crm/core';
import { buildApp } from './app.js';
import { loadApiConfig, publicUrlOf } from './config.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

await runProcess({
  name: 'api',
  loadConfig: () => loadApiConfig(),
  logLevel: (config) => config.LOG_LEVEL,
  // Requests in flight finish; long-lived event streams end with the hub at once.
  drainMs: 10_000,
  async start(shell) {
    const { config, logger } = shell;
    const dataDir = config.DATA_DIR ?? path.join(projectRoot, '.data');
    const db = await openDatabase({
      url: config.DATABASE_URL,
      dataDir,
      embeddedPort: config.EMBEDDED_PG_PORT,
      migrate: true,
      poolMax: config.DB_POOL_MAX,
      log: (line) => logger.debug({ line }, 'database'),
    });
    shell.onRelease(() => db.close());
    const storage = createStorage({ ...config, DATA_DIR: dataDir });
    if (config.SEED_DEMO === 'auto') {
      const login = await seedDemoIfEmpty(db.sequelize, { storage, quotaBytes: config.ORG_STORAGE_QUOTA_MB * 1024 * 1024, publicUrl: publicUrlOf(config) });
      if (login) logger.info({ email: login.email }, 'demo organization created; its password is printed once on stdout');
      if (login) console.log(`\n  Demo back office login: ${login.email} / ${login.password}\n`);
    }
    const jobs = await openJobQueue({ url: db.url, logger, backend: config });
    shell.onRelease(() => jobs.close());
    const events = createEventHub(db.url, logger, { applicationName: 'crm-api-events' });
    shell.onRelease(() => events.close());

    const app = buildApp({
      config,
      sequelize: db.sequelize,
      logger,
      storage,
      queue: jobs.queue,
      agenda: jobs.agenda,
      events,
      healthChecks: { queue: async () => (await jobs.ping(), 'ok'), process: shell.running },
    });
    await shell.listen(app, config.PORT, 'PORT');
    logger.info({ port: config.PORT }, `api listening on http://localhost:${config.PORT}`);
    return { drain: () => events.close() };
  },
});
