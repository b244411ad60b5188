import path from 'node:path';
import type { Server } from 'node:http';
import { openDatabase } from '@crm/database';
import { createLogger, listenOrExit, onParentExit, openJobQueue } from '@crm/core';
import { buildBotApp } from './app.js';
import { loadBotConfig } from './config.js';

/** Docker stops a container 10 s after SIGTERM; leave room to close connections after draining. */
const SHUTDOWN_DRAIN_MS = 7_000;

const logger = createLogger('bot');

async function main() {
  const config = loadBotConfig();
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR ?? path.resolve('.data'),
    embeddedPort: config.EMBEDDED_PG_PORT,
    poolMax: config.DB_POOL_MAX,
    migrate: true,
    log: (line) => logger.info(line),
  });
  const jobs = await openJobQueue({ url: database.url, logger, backend: config });
  const { app, manager } = buildBotApp({ config, sequelize: database.sequelize, logger, queue: jobs.queue });
  const server: Server = await listenOrExit(app, config.BOT_PORT, 'BOT_PORT', { logger, release: () => [jobs.close(), database.close()] });
  logger.info({ port: config.BOT_PORT, mode: config.TELEGRAM_MODE }, 'bot process listening');
  await manager.start();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: no new updates, finishing in-flight ones');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Finish what was acknowledged, within the container's stop grace period; anything still
    // waiting after that stays journaled as pending and the next process takes it at start.
    const drained = await Promise.race([manager.idle().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), SHUTDOWN_DRAIN_MS))]);
    if (!drained) logger.warn('shutdown drain time is up: unprocessed updates stay pending for the next start');
    await manager.stop();
    await closed;
    await jobs.close();
    await database.close();
    logger.info('bot process stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  onParentExit(() => void shutdown('parent exited'));
}

process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'bot process failed to start');
  process.exit(1);
});
