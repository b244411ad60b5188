import { ChatMessage, Lead, Op, QueryTypes, User, type Sequelize, type SqlTransaction } from '@crm/database';
import { normalizePhone } from '../phone.js';
import { organizationCountry } from './country.js';
import { removeLead } from '../leads/lead.service.js';
import type { TelegramIdentity } from './worker-sign-in.js';

export type LinkOutcome =
  | { status: 'linked'; user: User; lead_id: number | null }
  /** The token is unknown, used or expired; or no user has this phone. */
  | { status: 'invalid' }
  /** This Telegram account already belongs to another user of the organization. */
  | { status: 'taken' };

const isStaffOrWorker = (role: string) => role !== 'client';

/**
 * Gives the user this Telegram account (inside the caller's transaction). A client takes over the
 * lead conversation of the same account (one thread); staff and workers absorb a lead conversation
 * that only ever held the sign-in (a /start, a shared contact), so they never show up as leads.
 */
export async function attachTelegram(
  sequelize: Sequelize,
  user: User,
  identity: TelegramIdentity,
  transaction: SqlTransaction,
  options: { replace?: boolean } = {},
): Promise<LinkOutcome> {
  const orgId = user.org_id;
  const holder = await User.findOne({ where: { org_id: orgId, telegram_id: identity.telegram_id, id: { [Op.ne]: user.id } }, transaction });
  if (holder) return { status: 'taken' };
  if (user.telegram_id && Number(user.telegram_id) !== identity.telegram_id && !options.replace) return { status: 'taken' };
  user.set({
    telegram_id: identity.telegram_id,
    telegram_username: identity.username ?? user.telegram_username,
    language_code: user.language_code ?? identity.language_code ?? null,
    unreachable: false,
  });
  await user.save({ transaction });
  const lead = await Lead.findOne({ where: { org_id: orgId, telegram_id: identity.telegram_id }, transaction, lock: transaction.LOCK.UPDATE });
  if (!lead) return { status: 'linked', user, lead_id: null };
  if (!isStaffOrWorker(user.role)) {
    if (!lead.client_id) await lead.update({ client_id: user.id, ...(user.phone && !lead.phone ? { phone: user.phone } : {}) }, { transaction });
    return { status: 'linked', user, lead_id: lead.id };
  }
  if (await onlySignIn(sequelize, lead, transaction)) {
    await ChatMessage.update({ lead_id: null, user_id: user.id }, { where: { org_id: orgId, lead_id: lead.id }, transaction });
    await removeLead(sequelize, lead, transaction);
  }
  return { status: 'linked', user, lead_id: null };
}

/** A lead conversation with nothing in it but /start commands and shared contacts. */
async function onlySignIn(sequelize: Sequelize, lead: Lead, transaction: SqlTransaction): Promise<boolean> {
  if (lead.status !== 'new' || lead.manager_id || lead.client_id) return false;
  const [{ other }] = await sequelize.query<{ other: number }>(
    `SELECT count(*)::int AS other FROM chat_messages WHERE org_id = :org_id AND lead_id = :lead_id
       AND NOT (direction = 'inbound' AND (kind = 'contact' OR content LIKE '/start%'))`,
    { replacements: { org_id: lead.org_id, lead_id: lead.id }, type: QueryTypes.SELECT, transaction },
  );
  return other === 0;
}

/**
 * A person shared their OWN contact (Telegram's contact.user_id is the sender): a staff member or
 * client of the organization with this phone gets the Telegram account. Workers sign in through
 * their own flow; nobody with the phone → invalid.
 */
export async function linkByOwnContact(sequelize: Sequelize, orgId: number, phoneInput: string, identity: TelegramIdentity): Promise<LinkOutcome> {
  const phone = normalizePhone(phoneInput, await organizationCountry(orgId));
  if (!phone) return { status: 'invalid' };
  return sequelize.transaction(async (transaction) => {
    const user = await User.findOne({
      where: { org_id: orgId, phone, is_active: true, role: { [Op.in]: ['admin', 'manager', 'client'] } },
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    if (!user) return { status: 'invalid' } as const;
    return attachTelegram(sequelize, user, identity, transaction);
  });
}
