import express, { type NextFunction, type Request, type Response } from 'express';
import type { Sequelize } from '@crm/database';
import type { JobQueue, Logger } from '@crm/core';
import { BotManager, type BotManagerOptions } from './bot-manager.js';
import { publicUrlOf, type BotConfig } from './config.js';
import type { BotFeature } from './context.js';
import { features as defaultFeatures } from './features/index.js';
import { webhookRouter } from './webhook.router.js';

export interface BotAppDeps {
  config: Pick<BotConfig, 'TELEGRAM_API_ROOT' | 'TELEGRAM_MODE' | 'PUBLIC_URL' | 'PORT'> &
    Partial<Pick<BotConfig, 'BOT_RECONCILE_MS' | 'BOT_RETRY_SWEEP_MS' | 'BOT_CONCURRENCY' | 'BOT_UPDATE_LEASE_MS' | 'TELEGRAM_SANDBOX_URL'>>;
  sequelize: Sequelize;
  logger: Logger;
  queue?: JobQueue | null;
  features?: BotFeature[];
  botOptions?: BotManagerOptions['botOptions'];
  /** The process shell's check: rejects once the process is stopping, so health answers 503. */
  running?: () => Promise<unknown>;
}

/** Builds the bot process's HTTP app and its bot manager; never listens and starts no bot (see main.ts). */
export function buildBotApp(deps: BotAppDeps) {
  const { config, sequelize, logger } = deps;
  const manager = new BotManager({
    sequelize,
    logger,
    features: deps.features ?? defaultFeatures,
    apiRoot: config.TELEGRAM_API_ROOT,
    sandboxUrl: config.TELEGRAM_SANDBOX_URL,
    mode: config.TELEGRAM_MODE,
    publicUrl: publicUrlOf(config),
    queue: deps.queue ?? null,
    reconcileMs: config.BOT_RECONCILE_MS,
    sweepMs: config.BOT_RETRY_SWEEP_MS,
    concurrency: config.BOT_CONCURRENCY,
    updateLeaseMs: config.BOT_UPDATE_LEASE_MS,
    botOptions: deps.botOptions,
  });
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    const db = await sequelize.query('SELECT 1').then(
      () => 'up',
      () => 'down',
    );
    const stopping = await (deps.running?.() ?? Promise.resolve()).then(
      () => false,
      () => true,
    );
    const status = stopping ? 'stopping' : db === 'up' ? 'ok' : 'degraded';
    res.status(status === 'ok' ? 200 : 503).json({ status, db, bots: manager.size, mode: config.TELEGRAM_MODE });
  });
  app.use(webhookRouter(manager, logger));
  app.use((_req, res) => void res.status(404).json({ error: 'not_found', message: 'Not found' }));
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) logger.error({ err }, 'bot http error');
    res.status(status).json({ error: status === 500 ? 'internal' : 'validation', message: status === 500 ? 'Internal error' : err.message });
  });
  return { app, manager };
}
