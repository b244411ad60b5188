import { z } from 'zod';
import { agendaEnv, baseEnv, checkAgendaEnv, checkTelegramEnv, databaseEnv, loadConfig, publicEnv, telegramEnv } from '@crm/core';

export const botConfigSchema = baseEnv
  .extend(databaseEnv.shape)
  .extend(publicEnv.shape)
  .extend(telegramEnv.shape)
  .extend(agendaEnv.shape)
  .extend({
    BOT_RECONCILE_MS: z.coerce.number().int().min(200).max(600_000).default(5_000),
    BOT_RETRY_SWEEP_MS: z.coerce.number().int().min(200).max(600_000).default(10_000),
    BOT_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(64),
    BOT_UPDATE_LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
  })
  .superRefine(checkAgendaEnv)
  .superRefine(checkTelegramEnv);

export type BotConfig = z.output<typeof botConfigSchema>;

/** The bot process configuration, parsed once; a bad value stops the process naming the variable. */
export function loadBotConfig(env: NodeJS.ProcessEnv = process.env): Readonly<BotConfig> {
  return loadConfig(botConfigSchema, env);
}

/** Where Telegram posts webhooks: PUBLIC_URL, or the main port on localhost (forwarded to the bot). */
export const publicUrlOf = (config: Pick<BotConfig, 'PUBLIC_URL' | 'PORT'>) => config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
