import { z } from 'zod';
import { Organization, User, type Sequelize } from '@crm/database';
import { DomainError } from '../errors.js';
import { parseInput, timeZone } from '../validation.js';
import { isPhoneCountry } from '../phone.js';
import { hashPassword, verifyPassword } from './password.js';
import { newPassword, passwordNotEmail } from './password-policy.js';
import {
  LOGIN_PER_ACCOUNT, assertNotThrottled, clearThrottle, loginPerIp, recordThrottledAttempt, signupPerIp, throttleKey,
} from './throttle.js';

export const registerSchema = z.object({
  organization: z.string().trim().min(2, 'must be at least 2 characters').max(120),
  name: z.string().trim().min(1, 'is required').max(120),
  email: z.string().trim().toLowerCase().email('must be an email address'),
  password: newPassword,
  locale: z.enum(['ru', 'en']).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO code').optional(),
  timezone: timeZone.optional(),
  country: z.string().trim().toUpperCase().refine(isPhoneCountry, 'must be a 2-letter ISO country code such as RU, BY, KZ, GB').optional(),
}).superRefine(passwordNotEmail);

/** Where a sign-in or sign-up comes from (the client address as Express sees it behind `trust proxy`). */
export interface AuthOrigin {
  ip?: string;
  /** Sign-ups allowed per address per hour. */
  signupsPerHour?: number;
  /** Failed sign-ins allowed per address per hour (over all accounts). */
  failedLoginsPerHour?: number;
}

export const SIGNUPS_PER_IP_HOUR = 10;
export const FAILED_LOGINS_PER_IP_HOUR = 30;

export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, 'is required'),
  password: z.string().min(1, 'is required'),
});

export type StaffUser = Pick<User, 'id' | 'org_id' | 'role' | 'name' | 'email'>;

/** Self-service sign-up: a new organization and its first admin, in one transaction. */
export async function registerOrganization(sequelize: Sequelize, input: unknown, origin: AuthOrigin = {}) {
  const ipKey = origin.ip ? throttleKey.signupIp(origin.ip) : null;
  if (ipKey) {
    await assertNotThrottled(sequelize, [ipKey]);
    await recordThrottledAttempt(sequelize, ipKey, signupPerIp(origin.signupsPerHour ?? SIGNUPS_PER_IP_HOUR));
  }
  const data = parseInput(registerSchema, input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await sequelize.transaction(async (transaction) => {
      const org = await Organization.create({
        name: data.organization, locale: data.locale, currency: data.currency, timezone: data.timezone, country: data.country,
      }, { transaction });
      const user = await User.create({
        org_id: org.id, role: 'admin', name: data.name, email: data.email, password_hash: passwordHash,
      }, { transaction });
      await org.update({ owner_id: user.id }, { transaction });
      return { org, user };
    });
  } catch (error) {
    if ((error as { name?: string }).name === 'SequelizeUniqueConstraintError') {
      throw new DomainError('conflict', 'An account with this email already exists: sign in instead', { fields: { email: 'is already registered' } });
    }
    throw error;
  }
}

/**
 * Wrong password and unknown email answer the same, in the same time. Failures are counted per
 * account and per address; past a few, both are locked for a while that doubles with each failure.
 */
export async function authenticateStaff(sequelize: Sequelize, input: unknown, origin: AuthOrigin = {}): Promise<User> {
  const { email, password } = parseInput(loginSchema, input);
  const keys = [throttleKey.account(email), ...(origin.ip ? [throttleKey.loginIp(origin.ip)] : [])];
  await assertNotThrottled(sequelize, keys);
  const user = await User.findOne({ where: { email } });
  const ok = await verifyPassword(password, user?.password_hash);
  if (!user || !ok || !user.is_active || (user.role !== 'admin' && user.role !== 'manager')) {
    await recordThrottledAttempt(sequelize, keys[0]!, LOGIN_PER_ACCOUNT);
    if (keys[1]) await recordThrottledAttempt(sequelize, keys[1], loginPerIp(origin.failedLoginsPerHour ?? FAILED_LOGINS_PER_IP_HOUR));
    throw new DomainError('unauthorized', 'Wrong email or password');
  }
  await clearThrottle(sequelize, keys[0]!);
  return user;
}
