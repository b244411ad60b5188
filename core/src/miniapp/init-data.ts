import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors.js';

/** The Telegram user a Mini App was opened by, as Telegram signed it. */
export interface InitDataUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
  photo_url?: string;
  allows_write_to_pm?: boolean;
}

export interface ValidatedInitData {
  user: InitDataUser;
  auth_date: number;
  query_id?: string;
  start_param?: string;
  chat_type?: string;
  chat_instance?: string;
}

export interface ValidateInitDataOptions {
  /** How old `auth_date` may be, in seconds. */
  maxAgeSeconds: number;
  /** The current time (injected so the check is pure and testable). */
  now: Date;
  /** Tolerated clock skew for an `auth_date` in the future, in seconds. Default 60. */
  clockSkewSeconds?: number;
}

const refuse = (reason: string, message: string) => new DomainError('unauthorized', `Mini App init data refused: ${message}`, { reason });

/** `HMAC-SHA256(key = "WebAppData", message = bot token)`: the secret Telegram signs init data with. */
const initDataSecret = (botToken: string): Buffer => createHmac('sha256', 'WebAppData').update(botToken).digest();

/** Every field but `hash`, as `key=value` lines sorted by key: the string Telegram signs. */
export function dataCheckString(params: URLSearchParams): string {
  return [...params.entries()]
    .filter(([key]) => key !== 'hash')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}

/** Hex HMAC-SHA256 of the data-check string with the bot's secret. */
export function initDataHash(params: URLSearchParams, botToken: string): string {
  return createHmac('sha256', initDataSecret(botToken)).update(dataCheckString(params)).digest('hex');
}

/**
 * Validates Telegram Mini App init data exactly as Telegram documents it
 * (https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app) and answers
 * the signed user. Throws DomainError('unauthorized') with a `reason` for anything else.
 */
export function validateInitData(initData: string, botToken: string, options: ValidateInitDataOptions): ValidatedInitData {
  if (typeof initData !== 'string' || initData.length === 0) throw refuse('missing', 'init data is empty');
  if (!botToken) throw refuse('no_bot', 'the organization has no bot');
  const params = new URLSearchParams(initData);
  if (params.getAll('hash').length > 1) throw refuse('malformed', 'hash is given twice');
  const hash = params.get('hash');
  if (!hash) throw refuse('missing_hash', 'hash is missing');
  if (!/^[0-9a-f]{64}$/i.test(hash)) throw refuse('bad_hash', 'signature does not match');
  const keys = [...params.keys()];
  if (new Set(keys).size !== keys.length) throw refuse('malformed', 'a field is given twice');

  const expected = Buffer.from(initDataHash(params, botToken), 'hex');
  const given = Buffer.from(hash.toLowerCase(), 'hex');
  if (!timingSafeEqual(expected, given)) throw refuse('bad_hash', 'signature does not match');

  const authDate = Number(params.get('auth_date'));
  if (!Number.isInteger(authDate) || authDate <= 0) throw refuse('no_auth_date', 'auth_date is missing');
  const nowSec = Math.floor(options.now.getTime() / 1000);
  if (authDate > nowSec + (options.clockSkewSeconds ?? 60)) throw refuse('future', 'auth_date is in the future');
  if (nowSec - authDate > options.maxAgeSeconds) throw refuse('stale', 'init data is too old; reopen the Mini App');

  let user: InitDataUser;
  try {
    user = JSON.parse(params.get('user') ?? '') as InitDataUser;
  } catch {
    throw refuse('no_user', 'user is missing');
  }
  if (!user || typeof user !== 'object' || !Number.isSafeInteger(user.id)) throw refuse('no_user', 'user is missing');

  const optional = (key: string) => params.get(key) ?? undefined;
  return {
    user,
    auth_date: authDate,
    query_id: optional('query_id'),
    start_param: optional('start_param'),
    chat_type: optional('chat_type'),
    chat_instance: optional('chat_instance'),
  };
}

/**
 * Builds init data signed with a bot token, the way Telegram does: for tests, the demo link script
 * and the benchmark (never for accepting anything).
 */
export function signInitData(fields: { user: InitDataUser; auth_date: number } & Record<string, unknown>, botToken: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    params.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  params.set('hash', initDataHash(params, botToken));
  return params.toString();
}
