import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs on stdout; secrets and personal data are redacted wherever they appear. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['*.password', '*.password_hash', '*.token', '*.bot_token', '*.authorization', 'req.headers.authorization',
        'req.headers["x-telegram-bot-api-secret-token"]', '*.phone', '*.init_data'],
      censor: '[redacted]',
    },
  });
}
