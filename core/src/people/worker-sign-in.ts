import { ChatMessage, Lead, Organization, QueryTypes, User, type Sequelize, type SqlTransaction } from '@crm/database';
import { normalizePhone } from '../phone.js';
import { removeLead } from '../leads/lead.service.js';

// A worker signs in to the bot by sharing the phone their invite was made with; a Start pressed
// before that leaves a lead conversation, which is folded into the worker's own thread.

export interface TelegramIdentity {
  telegram_id: number;
  username?: string | null;
  language_code?: string | null;
}

/**
 * Links a Telegram account to the worker invited with this phone. Only a worker of this
 * organization matches; no match (or a number already linked to another account) → null.
 */
export async function linkWorkerByPhone(sequelize: Sequelize, org_id: number, phoneInput: string, identity: TelegramIdentity): Promise<User | null> {
  const org = await Organization.findByPk(org_id, { attributes: ['country'] });
  const phone = normalizePhone(phoneInput, org?.country);
  if (!phone) return null;
  return sequelize.transaction(async (transaction) => {
    const worker = await User.findOne({ where: { org_id, phone, role: 'worker', is_active: true }, transaction, lock: transaction.LOCK.UPDATE });
    if (!worker) return null;
    if (worker.telegram_id && worker.telegram_id !== identity.telegram_id) return null;
    const holder = await User.findOne({ where: { org_id, telegram_id: identity.telegram_id }, transaction });
    // A client or manager keeps their own link; a stale worker record (re-invited) gives it up.
    if (holder && holder.id !== worker.id) {
      if (holder.role !== 'worker') return null;
      await holder.update({ telegram_id: null }, { transaction });
    }
    await worker.update(
      {
        telegram_id: identity.telegram_id,
        telegram_username: identity.username ?? null,
        language_code: identity.language_code ?? worker.language_code,
      },
      { transaction },
    );
    return worker;
  });
}

/**
 * The lead opened by a plain Start that has seen nothing but the sign-in exchange (new, unassigned,
 * nothing in it but /start commands and shared contacts) — or null when the person is a real lead.
 */
export async function signInOnlyLead(sequelize: Sequelize, org_id: number, telegram_id: number, transaction?: SqlTransaction): Promise<Lead | null> {
  const lead = await Lead.findOne({ where: { org_id, telegram_id }, transaction, lock: transaction ? transaction.LOCK.UPDATE : undefined });
  if (!lead || lead.status !== 'new' || lead.manager_id || lead.client_id) return null;
  const [{ other }] = await sequelize.query<{ other: number }>(
    `SELECT count(*)::int AS other FROM chat_messages
     WHERE org_id = :org_id AND lead_id = :lead_id
       AND NOT (direction = 'inbound' AND (kind = 'contact' OR content LIKE '/start%'))`,
    { replacements: { org_id, lead_id: lead.id }, type: QueryTypes.SELECT, transaction },
  );
  return other === 0 ? lead : null;
}

/**
 * A worker who pressed Start before signing in got a lead conversation for it; its messages move to
 * the worker's own thread and the lead is removed, so the Kanban shows only prospective clients.
 */
export async function absorbSignInLead(sequelize: Sequelize, org_id: number, telegram_id: number, user_id: number): Promise<boolean> {
  return sequelize.transaction(async (transaction) => {
    const lead = await signInOnlyLead(sequelize, org_id, telegram_id, transaction);
    if (!lead) return false;
    await ChatMessage.update({ lead_id: null, user_id }, { where: { org_id, lead_id: lead.id }, transaction });
    await removeLead(sequelize, lead, transaction);
    return true;
  });
}
