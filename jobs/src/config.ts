import { agendaEnv, checkAgendaEnv, checkTelegramEnv, baseEnv, databaseEnv, jobsEnv, loadConfig, storageEnv, telegramEnv, aiEnv, publicEnv } from '@crm/core';
import { z } from 'zod';

export const jobsConfigSchema = baseEnv
  .extend(databaseEnv.shape)
  .extend(publicEnv.shape)
  .extend(telegramEnv.shape)
  .extend(storageEnv.shape)
  .extend(aiEnv.shape)
  .extend(agendaEnv.shape)
  .extend(jobsEnv.shape)
  .extend({ JWT_SECRET: z.string().optional() })
  .superRefine(checkAgendaEnv)
  .superRefine(checkTelegramEnv);

export type JobsConfig = z.output<typeof jobsConfigSchema>;

export const loadJobsConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<JobsConfig> => loadConfig(jobsConfigSchema, env);
