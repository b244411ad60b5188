import path from 'node:path';
import { openDatabase } from '@crm/database';
import { openJobQueue, runProcess } from '@crm/core';
import { buildBotApp } from './app.js';
import { loadBotConfig } from './config.js';

await runProcess({
  name: 'bot',
  loadConfig: () => loadBotConfig(),
  logLevel: (config) => config.LOG_LEVEL,
  // Finish what was acknowledged within the container's stop grace period; anything still waiting
  // after that stays journaled as pending and the next process takes it at start.
  drainMs: 7_000,
  async start(shell) {
    const { config, logger } = shell;
    const database = await openDatabase({
      url: config.DATABASE_URL,
      dataDir: config.DATA_DIR ?? path.resolve('.data'),
      embeddedPort: config.EMBEDDED_PG_PORT,
      poolMax: config.DB_POOL_MAX,
      migrate: true,
      log: (line) => logger.info(line),
    });
    shell.onRelease(() => database.close());
    const jobs = await openJobQueue({ url: database.url, logger, backend: config });
    shell.onRelease(() => jobs.close());
    const { app, manager } = buildBotApp({ config, sequelize: database.sequelize, logger, queue: jobs.queue, running: shell.running });
    await shell.listen(app, config.BOT_PORT, 'BOT_PORT');
    logger.info({ port: config.BOT_PORT, mode: config.TELEGRAM_MODE }, 'bot process listening');
    shell.onRelease(() => manager.stop());
    await manager.start();
    return { drain: () => manager.idle() };
  },
});
