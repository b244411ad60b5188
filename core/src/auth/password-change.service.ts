import { z } from 'zod';
import { Organization, User, type Sequelize } from '@crm/database';
import { DomainError, invalid, notFound } from '../errors.js';
import { parseInput } from '../validation.js';
import { generatePassword, hashPassword, verifyPassword } from './password.js';
import { passwordProblem } from './password-policy.js';
import { clearThrottle, throttleKey } from './throttle.js';

const changeSchema = z.object({
  current_password: z.string().min(1, 'is required'),
  new_password: z.string().min(1, 'is required').max(200, 'must be at most 200 characters'),
});

/**
 * Sets a new password and ends every other session (the token version moves on, so tokens issued
 * before stop working within seconds); the caller issues a fresh token for the session in hand.
 */
async function setPassword(sequelize: Sequelize, user: User, password: string): Promise<void> {
  const problem = passwordProblem(password, user.email);
  if (problem) throw invalid({ new_password: problem }, 'Invalid password');
  const hash = await hashPassword(password);
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('UPDATE users SET password_hash = :hash, token_version = token_version + 1, updated_at = now() WHERE id = :id AND org_id = :orgId', {
      replacements: { hash, id: user.id, orgId: user.org_id },
      transaction,
    });
  });
  if (user.email) await clearThrottle(sequelize, throttleKey.account(user.email));
}

/** A staff member changes their own password: the current one must be given and right. */
export async function changeOwnPassword(sequelize: Sequelize, orgId: number, userId: number, body: unknown): Promise<void> {
  const input = parseInput(changeSchema, body ?? {}, 'Invalid password change');
  const user = await User.findOne({ where: { id: userId, org_id: orgId, is_active: true } });
  if (!user) throw notFound('Account');
  if (!(await verifyPassword(input.current_password, user.password_hash))) {
    throw invalid({ current_password: { code: 'wrong_password', message: 'is not your current password' } }, 'Invalid password change');
  }
  if (input.new_password === input.current_password) {
    throw invalid({ new_password: { code: 'same_password', message: 'must differ from the current password' } }, 'Invalid password change');
  }
  await setPassword(sequelize, user, input.new_password);
}

export interface PasswordReset {
  user: Pick<User, 'id' | 'email' | 'name' | 'role'>;
  organization: { id: number; name: string };
  password: string;
  generated: boolean;
}

/** Finds the organization an operator named by id or by name (case-insensitive). */
async function organizationNamed(ref: string): Promise<Organization> {
  const trimmed = ref.trim();
  const byId = /^\d+$/.test(trimmed) ? await Organization.findByPk(Number(trimmed)) : null;
  if (byId) return byId;
  const byName = await Organization.findAll({ where: sequelizeLowerEquals('name', trimmed), order: [['id', 'ASC']] });
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new DomainError('conflict', `Several organizations are named "${trimmed}" (ids ${byName.map((o) => o.id).join(', ')}): give the id`, {
      organizations: byName.map((o) => ({ id: o.id, name: o.name })),
    });
  }
  throw new DomainError('not_found', `No organization has the id or name "${trimmed}"`);
}

const sequelizeLowerEquals = (column: string, value: string) =>
  Organization.sequelize!.where(Organization.sequelize!.fn('lower', Organization.sequelize!.col(column)), value.toLowerCase());

/**
 * An operator sets a new password for a back-office account (the person lost theirs): by email, in
 * the one organization that has it or the one named. Without a password one is generated. Every
 * session of the account ends and its sign-in lockout is lifted.
 */
export async function resetStaffPassword(sequelize: Sequelize, input: { email: string; organization?: string; password?: string }): Promise<PasswordReset> {
  const email = input.email.trim().toLowerCase();
  if (!email) throw invalid({ email: 'is required' });
  const org = input.organization ? await organizationNamed(input.organization) : null;
  const accounts = await User.findAll({
    where: { email, role: ['admin', 'manager'], is_active: true, ...(org ? { org_id: org.id } : {}) },
    order: [['org_id', 'ASC']],
  });
  if (!accounts.length) {
    throw new DomainError(
      'not_found',
      org ? `No active admin or manager of "${org.name}" (id ${org.id}) has the email ${email}` : `No active admin or manager has the email ${email}`,
    );
  }
  if (accounts.length > 1) {
    const orgs = await Organization.findAll({ where: { id: accounts.map((a) => a.org_id) }, order: [['id', 'ASC']] });
    throw new DomainError(
      'conflict',
      `${email} has accounts in several organizations: choose one with --org (${orgs.map((o) => `${o.id} "${o.name}"`).join(', ')})`,
      { organizations: orgs.map((o) => ({ id: o.id, name: o.name })) },
    );
  }
  const user = accounts[0]!;
  const generated = !input.password;
  const password = input.password ?? generatePassword(16);
  await setPassword(sequelize, user, password);
  const owner = org ?? (await Organization.findByPk(user.org_id))!;
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, organization: { id: owner.id, name: owner.name }, password, generated };
}
