import { QueryTypes, type Sequelize } from '@crm/database';
import { DomainError } from '../errors.js';

/** How many failures a key may have in a window before it is locked, and for how long (doubling each time). */
export interface ThrottlePolicy {
  free: number;
  baseLockSec: number;
  maxLockSec: number;
  windowSec: number;
}

export const LOGIN_PER_ACCOUNT: ThrottlePolicy = { free: 5, baseLockSec: 30, maxLockSec: 15 * 60, windowSec: 3600 };
export const loginPerIp = (perHour: number): ThrottlePolicy => ({ free: perHour, baseLockSec: 60, maxLockSec: 60 * 60, windowSec: 3600 });
export const signupPerIp = (perHour: number): ThrottlePolicy => ({ free: perHour, baseLockSec: 300, maxLockSec: 24 * 3600, windowSec: 3600 });

export const throttleKey = {
  account: (email: string) => `login:account:${email.trim().toLowerCase()}`,
  loginIp: (ip: string) => `login:ip:${ip}`,
  signupIp: (ip: string) => `signup:ip:${ip}`,
};

/** Refuses with `rate_limited` (429 with Retry-After) while any of the keys is locked. */
export async function assertNotThrottled(sequelize: Sequelize, keys: string[]): Promise<void> {
  const [row] = await sequelize.query<{ wait: number | null }>(
    `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS wait
       FROM auth_throttle WHERE key IN (:keys) AND locked_until > now()`,
    { replacements: { keys }, type: QueryTypes.SELECT },
  );
  const wait = row?.wait ?? 0;
  if (wait > 0) {
    throw new DomainError('rate_limited', `Too many attempts: try again in ${wait} s`, { retry_after: wait });
  }
}

/** Counts one failure (or, for sign-ups, one attempt); past the free ones the key is locked, twice as long each time. */
export async function recordThrottledAttempt(sequelize: Sequelize, key: string, policy: ThrottlePolicy): Promise<void> {
  await sequelize.query(
    `INSERT INTO auth_throttle AS t (key, failures, window_started_at) VALUES (:key, 1, now())
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN t.window_started_at < now() - make_interval(secs => :window) THEN 1 ELSE t.failures + 1 END,
       window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => :window) THEN now() ELSE t.window_started_at END;
     UPDATE auth_throttle SET locked_until = now() + make_interval(secs => least(:max, :base * power(2, failures - :free)))
      WHERE key = :key AND failures >= :free;`,
    { replacements: { key, window: policy.windowSec, free: policy.free, base: policy.baseLockSec, max: policy.maxLockSec } },
  );
  // Old rows are swept now and then, so spraying many names cannot grow the table for ever.
  if (Math.random() < 0.01)
    await sequelize.query("DELETE FROM auth_throttle WHERE window_started_at < now() - interval '1 day' AND (locked_until IS NULL OR locked_until < now())");
}

export async function clearThrottle(sequelize: Sequelize, key: string): Promise<void> {
  await sequelize.query('DELETE FROM auth_throttle WHERE key = :key', { replacements: { key } });
}
