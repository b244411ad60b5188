import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { Logger } from '@crm/core';
import type { BotManager } from './bot-manager.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison that does not leak the secret's length either. */
function secretMatches(expected: string, given: unknown): boolean {
  return typeof given === 'string' && given.length > 0 && timingSafeEqual(digest(expected), digest(given));
}

/**
 * `POST /telegram/webhook/:botId`: secret checked before the body is read, the update journaled,
 * 200 answered, then processed. A journal failure answers 500 so Telegram redelivers.
 */
export function webhookRouter(manager: BotManager, logger: Logger): express.Router {
  const router = express.Router();
  router.post(
    '/telegram/webhook/:botId',
    (req: Request, res: Response, next) => {
      const botId = /^\d{1,20}$/.test(String(req.params.botId)) ? Number(req.params.botId) : NaN;
      const running = Number.isSafeInteger(botId) ? manager.find(botId) : undefined;
      if (!running) return void res.status(404).json({ error: 'not_found', message: 'Unknown bot' });
      if (!secretMatches(running.secret, req.get('x-telegram-bot-api-secret-token'))) {
        return void res.status(401).json({ error: 'unauthorized', message: 'Wrong or missing X-Telegram-Bot-Api-Secret-Token' });
      }
      next();
    },
    express.json({ limit: '1mb' }),
    async (req: Request, res: Response) => {
      const update = req.body as { update_id?: unknown } | undefined;
      if (!update || typeof update !== 'object' || !Number.isSafeInteger(update.update_id) || (update.update_id as number) < 0) {
        return void res.status(400).json({ error: 'validation', message: 'update_id must be a non-negative integer', fields: { update_id: 'required' } });
      }
      const running = manager.find(Number(req.params.botId));
      if (!running) return void res.status(404).json({ error: 'not_found', message: 'Unknown bot' });
      try {
        const inserted = await manager.accept(running, update as { update_id: number });
        res.status(200).json({ ok: true, duplicate: !inserted });
      } catch (err) {
        logger.error({ err, org_id: running.org.id }, 'update could not be journaled');
        res.status(500).json({ error: 'unavailable', message: 'Update not stored; retry' });
      }
    },
  );
  return router;
}
