import { z } from 'zod';

/**
 * Schema pieces shared by the processes' own config modules. Each process composes the pieces it
 * needs and parses `process.env` once at start (see `loadConfig`).
 */
const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional());
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

export const baseEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: optionalString,
});

export const databaseEnv = z.object({
  DATABASE_URL: optionalUrl,
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
});

export const publicEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: optionalUrl,
});

export const telegramEnv = z.object({
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('webhook'),
  BOT_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  // The built-in Telegram sandbox (telegram-sim) that `npm start` runs outside production; organizations
  // connected to it talk to this address instead of TELEGRAM_API_ROOT.
  TELEGRAM_SANDBOX_URL: optionalUrl,
});

/**
 * The sandbox is a development tool: in production TELEGRAM_SANDBOX_URL stops the process. Apply with
 * `.superRefine` to every process schema that includes `telegramEnv`.
 */
export function checkTelegramEnv(env: { NODE_ENV?: string; TELEGRAM_SANDBOX_URL?: string | undefined }, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV === 'production' && env.TELEGRAM_SANDBOX_URL) {
    ctx.addIssue({ code: 'custom', path: ['TELEGRAM_SANDBOX_URL'], message: 'the Telegram sandbox is for development only: unset it in production' });
  }
}

export const authEnv = z.object({
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters (generate one with `openssl rand -hex 32`)'),
  JWT_TTL: z
    .string()
    .regex(/^\d+[smhd]$/, 'must look like 12h, 30m or 7d')
    .default('12h'),
  MINIAPP_TOKEN_TTL: z
    .string()
    .regex(/^\d+[smhd]$/, 'must look like 12h, 30m or 7d')
    .default('2h'),
  // Telegram's initData is a bearer credential until it expires: a day at most.
  MINIAPP_INIT_DATA_MAX_AGE: z.coerce.number().int().positive().max(86_400, 'must be at most 86400 (one day)').default(3600),
});

/**
 * Rough strength of a secret in bits: its length times the Shannon entropy of its characters. A hex
 * or base64 secret from `openssl rand` scores 190+; repeated or patterned strings score far lower.
 */
function secretStrengthBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const ch of secret) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const length = [...secret].length;
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / length) * Math.log2(n / length);
  return Math.round(perChar * length);
}

/** True when the secret is too predictable to sign sessions in production. */
function isWeakSecret(secret: string): boolean {
  if (secretStrengthBits(secret) < 128 || new Set(secret).size < 12) return true;
  // Long runs of one character or of consecutive characters (aaaa, abcdef, 123456) are not random.
  let run = 1;
  for (let i = 1; i < secret.length; i += 1) {
    const step = secret.charCodeAt(i) - secret.charCodeAt(i - 1);
    run = step === 0 || step === 1 ? run + 1 : 1;
    if (run >= 6) return true;
  }
  return /change.?me|secret|password|example|replace/i.test(secret);
}

/** In production, JWT_SECRET must be random: apply with `.superRefine` on a schema that includes `authEnv`. */
export function checkAuthEnv(env: { NODE_ENV?: string; JWT_SECRET: string }, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV === 'production' && isWeakSecret(env.JWT_SECRET)) {
    ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is too predictable for production: generate one with `openssl rand -hex 32`' });
  }
}

export const storageEnv = z.object({
  S3_ENDPOINT: optionalUrl,
  S3_PUBLIC_URL: optionalUrl,
  S3_BUCKET: z.string().default('renovation-crm'),
  S3_ACCESS_KEY: optionalString,
  S3_SECRET_KEY: optionalString,
  S3_REGION: z.string().default('us-east-1'),
  MEDIA_URL_TTL: z.coerce
    .number()
    .int()
    .min(30)
    .max(7 * 24 * 3600)
    .default(900),
  /** What each organization may store (back-office uploads and files from Telegram), in MB. */
  ORG_STORAGE_QUOTA_MB: z.coerce.number().int().min(1).default(10_240),
  MEDIA_SIGNING_SECRET: optionalString,
});

export const aiEnv = z.object({
  OPENROUTER_API_KEY: optionalString,
  OPENROUTER_BASE_URL: z.string().url().default('https://openrouter.ai/api/v1'),
  AI_MODEL: z.string().default('anthropic/claude-3.5-sonnet'),
  AI_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  AI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  AI_DEBOUNCE_MS: z.coerce.number().int().min(0).max(60_000).default(2500),
  AI_DEADLINE_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
});

export const agendaEnv = z.object({
  AGENDA_BACKEND: z.enum(['postgres', 'mongo']).default('postgres'),
  // A MongoDB connection string (several hosts are allowed, so not checked as a URL).
  MONGODB_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// connection string')
      .optional(),
  ),
});

/**
 * AGENDA_BACKEND=mongo without MONGODB_URL stops the process naming MONGODB_URL. Apply it with
 * `.superRefine(checkAgendaEnv)` to every process schema that includes `agendaEnv` (a refinement on
 * `agendaEnv` itself would be lost when its shape is merged).
 */
export function checkAgendaEnv(env: { AGENDA_BACKEND: 'postgres' | 'mongo'; MONGODB_URL?: string | undefined }, ctx: z.RefinementCtx): void {
  if (env.AGENDA_BACKEND === 'mongo' && !env.MONGODB_URL) {
    ctx.addIssue({ code: 'custom', path: ['MONGODB_URL'], message: 'required when AGENDA_BACKEND=mongo' });
  }
}

export const jobsEnv = z.object({
  JOBS_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  JOBS_HOST: z.string().default('0.0.0.0'),
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(60),
  TELEGRAM_RATE_PER_SEC: z.coerce.number().positive().max(30).default(29),
  TELEGRAM_SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  DELIVERY_RETRY_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(24 * 3_600_000),
  DELIVERY_LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(20_000),
  DELIVERY_SWEEP_MS: z.coerce.number().int().min(200).max(600_000).default(5_000),
  MEDIA_RETRY_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(6 * 3_600_000),
});
