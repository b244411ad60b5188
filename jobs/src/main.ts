import { openDatabase } from '@crm/database';
import { closeJobStore, createLogger, createStorage, defaultDataDir, onParentExit, openJobStore, portInUseMessage, publishEvent } from '@crm/core';
import { loadJobsConfig } from './config.js';
import { createHealthServer } from './health.js';
import { createWorker } from './worker.js';

const config = loadJobsConfig();
const logger = createLogger('jobs', config.LOG_LEVEL);

const db = await openDatabase({
  url: config.DATABASE_URL,
  dataDir: config.DATA_DIR ?? defaultDataDir(),
  embeddedPort: config.EMBEDDED_PG_PORT,
  migrate: true,
  poolMax: config.DB_POOL_MAX,
  log: (line) => logger.debug(line),
});
// The same selection as the producers (api, bot): AGENDA_BACKEND picks PostgreSQL or MongoDB.
const store = openJobStore(config, { databaseUrl: db.url, poolMax: config.DB_POOL_MAX, logger });
const worker = await createWorker({
  config,
  sequelize: db.sequelize,
  store,
  logger,
  storage: createStorage(config),
  publish: (event) => publishEvent(db.sequelize, event),
});
await worker.start();

const health = createHealthServer(db.sequelize, store);
health.once('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EADDRINUSE') throw error;
  console.error(portInUseMessage(config.JOBS_PORT, 'JOBS_PORT'));
  void worker.stop(5_000).finally(() => process.exit(1));
});
health.listen(config.JOBS_PORT, config.JOBS_HOST, () => logger.info({ port: config.JOBS_PORT }, 'jobs health endpoint listening'));

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: draining running jobs');
  health.close();
  try {
    await worker.stop(25_000);
    await closeJobStore(store);
    await db.close();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'unclean shutdown');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
onParentExit(() => void shutdown('parent exited'));
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
