import { agendaEnv, checkAgendaEnv, aiEnv, authEnv, baseEnv, databaseEnv, loadConfig, publicEnv, storageEnv, telegramEnv } from '@crm/core';
import { z } from 'zod';

export const apiConfigSchema = baseEnv
  .merge(databaseEnv).merge(publicEnv).merge(authEnv).merge(storageEnv).merge(telegramEnv).merge(aiEnv).merge(agendaEnv)
  .extend({
    CORS_ORIGINS: z.string().default('*').describe('comma-separated origins allowed to call /api'),
    SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
    JOBS_DASHBOARD_ORGS: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^\d+(\s*,\s*\d+)*$/, 'must be organization ids separated by commas').optional()),
    TRUST_PROXY: z.string().default('loopback, linklocal, uniquelocal'),
    BOT_INTERNAL_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  })
  .superRefine(checkAgendaEnv);

export type ApiConfig = z.output<typeof apiConfigSchema>;

export const loadApiConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(apiConfigSchema, env);
