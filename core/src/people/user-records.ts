import { User, type SqlTransaction } from '@crm/database';
import { DomainError } from '../errors.js';
import { hashPassword } from '../auth/password.js';
import { withTypedPhone } from './country.js';

/** Who is acting in the back office: their organization and their own user id. */
export interface Actor {
  org_id: number;
  user_id: number;
}

/** Admins and managers sign in with their email; workers and clients use Telegram. */
export const staffNeedsLogin = (v: { role?: string | null; email?: string | null }) => !v.role || !['admin', 'manager'].includes(v.role) || Boolean(v.email);

/** A person added by an admin: the phone read in the organization's country, the password stored hashed. */
export async function createUser(actor: Actor, input: Record<string, unknown>, transaction: SqlTransaction): Promise<User> {
  const { password, ...rest } = (await withTypedPhone(input, actor.org_id, transaction)) as { password?: string };
  return User.create({ ...rest, org_id: actor.org_id, password_hash: password ? await hashPassword(password) : null } as never, { transaction });
}

/** An admin's edit of a person; nobody changes their own role or deactivates themselves. */
export async function applyUserChanges(actor: Actor, user: User, input: Record<string, unknown>, transaction: SqlTransaction): Promise<void> {
  const { password, ...rest } = (await withTypedPhone(input, actor.org_id, transaction)) as { password?: string; role?: string; is_active?: boolean };
  if (user.id === actor.user_id && ((rest.role && rest.role !== user.role) || rest.is_active === false)) {
    throw new DomainError('validation', 'You cannot change your own role or deactivate yourself', { fields: { role: 'is your own' } });
  }
  user.set(rest as never);
  if (password) user.set({ password_hash: await hashPassword(password) });
  if (!staffNeedsLogin(user)) throw new DomainError('validation', 'Admins and managers need an email', { fields: { email: 'is required' } });
}

export async function removeUser(actor: Actor, user: User, transaction: SqlTransaction): Promise<void> {
  if (user.id === actor.user_id) throw new DomainError('validation', 'You cannot delete yourself', { fields: { id: 'is your own account' } });
  await user.destroy({ transaction });
}
