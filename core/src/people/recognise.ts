import { Lead, User } from '@crm/database';

export type PersonRole = 'admin' | 'manager' | 'worker' | 'client' | 'lead' | 'unknown';

export interface RecognisedPerson {
  role: PersonRole;
  user: User | null;
  lead: Lead | null;
}

/**
 * Who a Telegram account is in this organization, by role first: staff, then worker, then client,
 * then lead. A staff member or worker who once wrote as a lead is still staff; a client keeps the
 * lead conversation they came in with, so their thread stays one.
 */
export async function recognisePerson(orgId: number, telegramId: number): Promise<RecognisedPerson> {
  // A Telegram account belongs to at most one user of an organization (a unique index), so a user
  // found here outranks any lead conversation of the same account.
  const [user, leadByTelegram] = await Promise.all([
    User.findOne({ where: { org_id: orgId, telegram_id: telegramId } }),
    Lead.findOne({ where: { org_id: orgId, telegram_id: telegramId } }),
  ]);
  if (user) {
    if (user.role !== 'client') return { role: user.role, user, lead: null };
    const lead = leadByTelegram ?? (await Lead.findOne({ where: { org_id: orgId, client_id: user.id }, order: [['id', 'ASC']] }));
    return { role: 'client', user, lead };
  }
  if (leadByTelegram?.client_id) {
    const client = await User.findOne({ where: { org_id: orgId, id: leadByTelegram.client_id } });
    if (client) return { role: 'client', user: client, lead: leadByTelegram };
  }
  return leadByTelegram ? { role: 'lead', user: null, lead: leadByTelegram } : { role: 'unknown', user: null, lead: null };
}
