import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { DomainError } from '../errors.js';

/**
 * At most this many hashes run at once (each takes a libuv thread and 32 MiB), so a flood of logins
 * cannot take every thread from file and DNS work or the memory of the process; a few more wait,
 * and beyond that the request is turned away at once with a retry hint.
 */
export const SCRYPT_CONCURRENCY = 2;
export const SCRYPT_QUEUE = 32;
const work = { active: 0, peak: 0, done: 0, waiting: [] as (() => void)[] };

/** How many hashes run now, the most that ever ran at once and how many were computed (for tests and health). */
export const passwordWorkStats = () => ({ active: work.active, peak: work.peak, waiting: work.waiting.length, done: work.done });

async function withScryptSlot<T>(task: () => Promise<T>): Promise<T> {
  if (work.active >= SCRYPT_CONCURRENCY) {
    if (work.waiting.length >= SCRYPT_QUEUE)
      throw new DomainError('rate_limited', 'The server is busy signing people in: try again in a moment', { retry_after: 1 });
    // The finishing task hands its slot over: `active` already counts this one.
    await new Promise<void>((resolve) => work.waiting.push(resolve));
  } else {
    work.active += 1;
  }
  work.peak = Math.max(work.peak, work.active);
  try {
    return await task();
  } finally {
    work.done += 1;
    const next = work.waiting.shift();
    if (next) next();
    else work.active -= 1;
  }
}

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  withScryptSlot(() => new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)))));

// scrypt with N=2^15 costs ~50 ms and 32 MiB per hash: slow for guessing, fine for a login.
const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEYLEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  // Without a stored hash, still spend the same time so an unknown email answers like a wrong password.
  const [scheme, n, r, p, saltB64, keyB64] = (stored ?? DUMMY_HASH).split('$');
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return stored !== null && stored !== undefined && timingSafeEqual(actual, expected);
}

const DUMMY_HASH = `scrypt$${PARAMS.N}$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEYLEN).toString('base64')}`;

export function generatePassword(length = 14): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}
