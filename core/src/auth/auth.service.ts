import { LOCALES, type OrganizationChoice } from '@crm/contracts';
import { z } from 'zod';
import { Organization, User, type Sequelize } from '@crm/database';
import { DomainError } from '../errors.js';
import { parseInput, timeZone } from '../validation.js';
import { isPhoneCountry } from '../phone.js';
import { hashPassword, verifyPassword } from './password.js';
import { newPassword, passwordNotEmail } from './password-policy.js';
import { LOGIN_PER_ACCOUNT, assertNotThrottled, clearThrottle, loginPerIp, recordThrottledAttempt, signupPerIp, throttleKey } from './throttle.js';

const registerSchema = z
  .object({
    organization: z.string().trim().min(2, 'must be at least 2 characters').max(120),
    name: z.string().trim().min(1, 'is required').max(120),
    email: z.string().trim().toLowerCase().email('must be an email address'),
    password: newPassword,
    locale: z.enum(LOCALES).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO code')
      .optional(),
    timezone: timeZone.optional(),
    country: z.string().trim().toUpperCase().refine(isPhoneCountry, 'must be a 2-letter ISO country code such as RU, BY, KZ, GB').optional(),
  })
  .superRefine(passwordNotEmail);

/** Where a sign-in or sign-up comes from (the client address as Express sees it behind `trust proxy`). */
export interface AuthOrigin {
  ip?: string;
  /** Sign-ups allowed per address per hour. */
  signupsPerHour?: number;
  /** Failed sign-ins allowed per address per hour (over all accounts). */
  failedLoginsPerHour?: number;
}

const SIGNUPS_PER_IP_HOUR = 10;
const FAILED_LOGINS_PER_IP_HOUR = 30;

const organizationChoice = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number().int().positive().optional());

const loginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, 'is required'),
  password: z.string().min(1, 'is required'),
  /** The organization to sign in to; needed only when the email and password open accounts in several. */
  organization: organizationChoice,
});

/** At most this many accounts of one email are tried without an organization (each costs one hash). */
const LOGIN_ACCOUNTS_PER_EMAIL = 10;

/** Self-service sign-up: a new organization and its first admin, in one transaction. */
export async function registerOrganization(sequelize: Sequelize, input: unknown, origin: AuthOrigin = {}) {
  const ipKey = origin.ip ? throttleKey.signupIp(origin.ip) : null;
  if (ipKey) {
    await assertNotThrottled(sequelize, [ipKey]);
    await recordThrottledAttempt(sequelize, ipKey, signupPerIp(origin.signupsPerHour ?? SIGNUPS_PER_IP_HOUR));
  }
  const data = parseInput(registerSchema, input);
  const passwordHash = await hashPassword(data.password);
  // Always a new organization, whose first user cannot clash with anyone: the answer is the same
  // whether the email is used by another firm or by none.
  return sequelize.transaction(async (transaction) => {
    const org = await Organization.create(
      {
        name: data.organization,
        locale: data.locale,
        currency: data.currency,
        timezone: data.timezone,
        country: data.country,
      },
      { transaction },
    );
    const user = await User.create(
      {
        org_id: org.id,
        role: 'admin',
        name: data.name,
        email: data.email,
        password_hash: passwordHash,
      },
      { transaction },
    );
    await org.update({ owner_id: user.id }, { transaction });
    return { org, user };
  });
}

/** The back-office accounts (active admins and managers) that an email signs in to, optionally in one organization. */
function staffAccountsFor(email: string, orgId?: number, limit = LOGIN_ACCOUNTS_PER_EMAIL): Promise<User[]> {
  return User.findAll({
    where: {
      // Stored lower-case (a CHECK holds it), so equality is the case-insensitive match.
      email: email.trim().toLowerCase(),
      ...(orgId ? { org_id: orgId } : {}),
      is_active: true,
      role: ['admin', 'manager'],
    },
    order: [['org_id', 'ASC']],
    limit,
  });
}

/**
 * Emails are unique per organization, so one email may open accounts in several firms. The password
 * is checked against each of them (an unknown email against a dummy hash, so it costs the same one
 * hash as a single account); the one it opens signs in. When it opens several, the answer lists
 * only those firms (the caller has proved the password for each) and asks for `organization`.
 * Wrong password and unknown email answer the same. Failures are counted per email and per
 * address; past a few, both are locked for a while that doubles with each failure.
 */
export async function authenticateStaff(sequelize: Sequelize, input: unknown, origin: AuthOrigin = {}): Promise<User> {
  const { email, password, organization } = parseInput(loginSchema, input);
  const keys = [throttleKey.account(email), ...(origin.ip ? [throttleKey.loginIp(origin.ip)] : [])];
  await assertNotThrottled(sequelize, keys);
  const accounts = await staffAccountsFor(email, organization);
  const opened: User[] = [];
  for (const account of accounts.length ? accounts : [null]) {
    if ((await verifyPassword(password, account?.password_hash)) && account) opened.push(account);
  }
  if (!opened.length) {
    await recordThrottledAttempt(sequelize, keys[0]!, LOGIN_PER_ACCOUNT);
    if (keys[1]) await recordThrottledAttempt(sequelize, keys[1], loginPerIp(origin.failedLoginsPerHour ?? FAILED_LOGINS_PER_IP_HOUR));
    throw new DomainError('unauthorized', 'Wrong email or password');
  }
  await clearThrottle(sequelize, keys[0]!);
  if (opened.length > 1) {
    const orgs = await Organization.findAll({
      where: { id: opened.map((u) => u.org_id) },
      attributes: ['id', 'name'],
      order: [
        ['name', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    throw new DomainError('validation', 'This email and password open several organizations: choose one', {
      fields: { organization: { code: 'choose_organization', message: 'choose the organization to sign in to' } },
      organizations: orgs.map((o): OrganizationChoice => ({ id: o.id, name: o.name })),
    });
  }
  return opened[0]!;
}
