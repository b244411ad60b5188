import type { z } from 'zod';

/**
 * Parses the environment once, at start. A bad or missing value stops the process with a message
 * that names each variable at fault.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): Readonly<z.output<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every variable.`);
  }
  return Object.freeze(result.data);
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
