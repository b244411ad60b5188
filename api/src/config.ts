import {
  agendaEnv,
  checkAgendaEnv,
  checkTelegramEnv,
  checkAuthEnv,
  aiEnv,
  authEnv,
  baseEnv,
  databaseEnv,
  loadConfig,
  publicEnv,
  storageEnv,
  telegramEnv,
} from '@crm/core';
import { z } from 'zod';

export const apiConfigSchema = baseEnv
  .merge(databaseEnv)
  .merge(publicEnv)
  .merge(authEnv)
  .merge(storageEnv)
  .merge(telegramEnv)
  .merge(aiEnv)
  .merge(agendaEnv)
  .extend({
    CORS_ORIGINS: z
      .preprocess((v) => (v === '' ? undefined : v), z.string().optional())
      .describe('comma-separated origins allowed to call /api; default: the origin of PUBLIC_URL'),
    SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
    JOBS_DASHBOARD_ORGS: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^\d+(\s*,\s*\d+)*$/, 'must be organization ids separated by commas')
        .optional(),
    ),
    TRUST_PROXY: z.string().default('loopback, linklocal, uniquelocal'),
    SIGNUPS_PER_IP_HOUR: z.coerce.number().int().min(1).max(100_000).default(10),
    FAILED_LOGINS_PER_IP_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),
    UPLOADS_PER_ORG: z.coerce.number().int().min(1).max(100).default(4),
    BOT_INTERNAL_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  })
  .superRefine(checkAgendaEnv)
  .superRefine(checkTelegramEnv)
  .superRefine(checkAuthEnv);

export type ApiConfig = z.output<typeof apiConfigSchema>;

export const loadApiConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(apiConfigSchema, env);

/** Where people reach the product: PUBLIC_URL, or this server itself when none is set (a local install). */
export const publicUrlOf = (config: Pick<ApiConfig, 'PUBLIC_URL' | 'PORT'>) => config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
