import { z } from 'zod';
import { baseEnv, databaseEnv, loadConfig } from '@crm/core';

const sandboxConfigSchema = baseEnv
  .extend(databaseEnv.shape)
  .extend({
    SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(3003),
    // Only the api (same machine) talks to it; the page reaches it through the api's /sandbox.
    SANDBOX_HOST: z.string().default('127.0.0.1'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['NODE_ENV'],
        message: 'is production: the Telegram sandbox never runs in production (connect a real bot token instead)',
      });
    }
  });

export type SandboxConfig = z.output<typeof sandboxConfigSchema>;

/** The sandbox process configuration; in production it refuses to start at all. */
export const loadSandboxConfig = (env: NodeJS.ProcessEnv = process.env): Readonly<SandboxConfig> => loadConfig(sandboxConfigSchema, env);
