import path from 'node:path';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@crm/database';
import { ConfigError, createEventHub, createLogger, createStorage, listenOrExit, onParentExit, openJobQueue, seedDemoIfEmpty } from '@crm/core';
import { buildApp } from './app.js';
import { loadApiConfig } from './config.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let config;
try {
  config = loadApiConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const logger = createLogger('api', config.LOG_LEVEL);
const dataDir = config.DATA_DIR ?? path.join(projectRoot, '.data');

const db = await openDatabase({
  url: config.DATABASE_URL, dataDir, embeddedPort: config.EMBEDDED_PG_PORT, migrate: true, poolMax: config.DB_POOL_MAX,
  log: (line) => logger.debug({ line }, 'database'),
});
const storage = createStorage({ ...config, DATA_DIR: dataDir });
if (config.SEED_DEMO === 'auto') {
  const login = await seedDemoIfEmpty(db.sequelize, { storage });
  if (login) logger.info({ email: login.email }, 'demo organization created; its password is printed once on stdout');
  if (login) console.log(`\n  Demo back office login: ${login.email} / ${login.password}\n`);
}
const jobs = await openJobQueue({ url: db.url, logger, backend: config });
const events = createEventHub(db.url, logger, { applicationName: 'crm-api-events' });

const app = buildApp({
  config, sequelize: db.sequelize, logger, storage, queue: jobs.queue, agenda: jobs.agenda, events,
  healthChecks: { queue: async () => (await jobs.ping(), 'ok') },
});
const server: Server = await listenOrExit(app, config.PORT, 'PORT', { logger, release: () => [events.close(), jobs.close(), db.close()] });
logger.info({ port: config.PORT }, `api listening on http://localhost:${config.PORT}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await events.close().catch(() => {});
  // Long-lived streams end with the hub; anything still open after the grace period is cut.
  const timer = setTimeout(() => server.closeAllConnections(), 10_000);
  await closed;
  clearTimeout(timer);
  await jobs.close().catch(() => {});
  await db.close().catch((error) => logger.error({ err: error }, 'closing the database failed'));
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
onParentExit(() => void shutdown('parent exited'));
process.on('unhandledRejection', (reason) => {
  logger.fatal({ err: reason }, 'unhandled rejection');
  void shutdown('unhandledRejection');
});
