import { Lead, User } from '@crm/database';
import type { Person } from '../context.js';

export const unknownPerson = (): Person => ({ role: 'unknown', user: null, lead: null });

/**
 * Who a Telegram user is in this organization: a staff member or client (users row), a lead, or
 * nobody yet. A client keeps the lead they came in as, so their conversation stays one thread.
 */
export async function resolvePerson(orgId: number, telegramId: number): Promise<Person> {
  const [user, leadByTelegram] = await Promise.all([
    User.findOne({ where: { org_id: orgId, telegram_id: telegramId } }),
    Lead.findOne({ where: { org_id: orgId, telegram_id: telegramId } }),
  ]);
  if (user) {
    const lead = leadByTelegram ?? (user.role === 'client'
      ? await Lead.findOne({ where: { org_id: orgId, client_id: user.id }, order: [['id', 'ASC']] })
      : null);
    return { role: user.role, user, lead };
  }
  if (leadByTelegram?.client_id) {
    const client = await User.findOne({ where: { org_id: orgId, id: leadByTelegram.client_id } });
    return { role: 'client', user: client, lead: leadByTelegram };
  }
  return leadByTelegram ? { role: 'lead', user: null, lead: leadByTelegram } : unknownPerson();
}
