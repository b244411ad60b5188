import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { openDatabase } from '@crm/database';
import { createLogger, onParentExit } from '@crm/core';
import { loadSandboxConfig } from './config.js';
import { FakeTelegram } from './fake-telegram.js';
import { sandboxRouter } from './sandbox/routes.js';
import { SandboxStore } from './sandbox-store.js';

const logger = createLogger('telegram-sim');
const pageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../page/dist');

/**
 * The built-in Telegram sandbox: a Bot API server for the organizations that have no real bot token,
 * and the /sandbox page where one plays their people. Development only; it refuses production.
 */
async function main() {
  const config = loadSandboxConfig();
  const dataDir = config.DATA_DIR ?? path.resolve('.data');
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir,
    embeddedPort: config.EMBEDDED_PG_PORT,
    poolMax: 2,
    log: (line) => logger.info(line),
  });
  // Ids start from the clock, so after a restart no message or update id repeats what the bot already stored.
  const idBase = Math.floor(Date.now() / 100) - 17_000_000_000;
  const telegram = await FakeTelegram.start({
    port: config.SANDBOX_PORT,
    host: config.SANDBOX_HOST,
    maxPollMs: 25_000,
    idBase,
    record: false,
    // Chats and files outlive a restart of the sandbox (or of the whole npm start).
    store: new SandboxStore(path.join(dataDir, 'telegram-sandbox'), (err) => logger.warn({ err }, 'sandbox chats not saved')),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') logger.fatal(`port ${config.SANDBOX_PORT} is in use — set SANDBOX_PORT=<another port> (or stop the program using it)`);
    throw error;
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(sandboxRouter({ telegram, sequelize: database.sequelize, pageDir, logger }));
  telegram.serve(app);
  logger.info({ api_root: telegram.apiRoot }, 'Telegram sandbox listening');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'Telegram sandbox stopping');
    await telegram.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  onParentExit(() => void shutdown('parent exited'));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'Telegram sandbox failed to start');
  process.exit(1);
});
