import { pino, type DestinationStream, type Logger } from 'pino';
import { redactUrl, serializeError, serializeRequest, serializeResponse } from './log-serializers.js';

export type { Logger };
export { serializeError, serializeRequest, serializeResponse } from './log-serializers.js';

/** Fields that hold secrets or personal data, wherever they appear in a logged object (two levels deep). */
const SENSITIVE = [
  'password',
  'password_hash',
  'token',
  'bot_token',
  'authorization',
  'cookie',
  'init_data',
  'webhook_secret',
  'secret_token',
  'phone',
  'phone_number',
  'text',
  'content',
  'caption',
  'first_name',
  'last_name',
  'username',
  'email',
  'address',
  'description',
];
const REDACT = [
  ...SENSITIVE.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
  '*.name',
  '*.*.name',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
];

let testLog: DestinationStream | undefined;
/**
 * Under `npm test` (CRM_TEST_LOG_FILE set by the global setup) every logger also writes to one file,
 * even when the test asked for silence, so the teardown can scan all logs of the run for personal data.
 */
function testLogStream(): DestinationStream | undefined {
  const file = process.env.CRM_TEST_LOG_FILE;
  if (!file) return undefined;
  // Synchronous appends: lines from several processes never interleave, and none is lost at exit.
  testLog ??= pino.destination({ dest: file, append: true, sync: true });
  return testLog;
}

/** JSON logs on stdout; secrets and personal data are redacted wherever they appear. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const options = {
    name,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError, req: serializeRequest, res: serializeResponse, url: redactUrl },
  };
  const file = testLogStream();
  if (!file) return pino({ ...options, level });
  const streams = [{ level: 'debug' as const, stream: file }, ...(level === 'silent' ? [] : [{ level: level as pino.Level, stream: process.stdout }])];
  return pino({ ...options, level: 'debug' }, pino.multistream(streams));
}
