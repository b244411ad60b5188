import { Lead, Organization, User, type ChatMessage, type Notification, type Sequelize } from '@crm/database';
import { notifyStaff } from './notification.service.js';

const TEXT = {
  ru: { title: (name: string) => `Сообщение не доставлено: ${name}`, blocked: 'Человек заблокировал бота.' },
  en: { title: (name: string) => `Message not delivered: ${name}`, blocked: 'The person has blocked the bot.' },
};

/**
 * A message to a lead, client or worker that Telegram finally refused (failed or blocked) is a
 * notification for the manager who wrote it, else the conversation's manager, else every manager. Messages
 * to staff themselves (their Telegram alerts) are not: that would alert about an alert, forever.
 */
export async function notifyDeliveryFailed(sequelize: Sequelize, message: ChatMessage): Promise<Notification[]> {
  if (message.direction !== 'outbound' || (message.status !== 'failed' && message.status !== 'blocked')) return [];
  const lead = message.lead_id ? await Lead.findOne({ where: { id: message.lead_id, org_id: message.org_id } }) : null;
  const user = message.user_id ? await User.findOne({ where: { id: message.user_id, org_id: message.org_id } }) : null;
  if (!lead && !user) return [];
  if (user && (user.role === 'admin' || user.role === 'manager')) return [];
  const org = await Organization.findByPk(message.org_id, { attributes: ['id', 'locale'] });
  const t = TEXT[org?.locale === 'en' ? 'en' : 'ru'];
  const name = lead ? lead.name || (lead.username ? `@${lead.username}` : `#${lead.id}`) : user!.name;
  const conversation_id = lead ? `lead-${lead.id}` : `user-${user!.id}`;
  const author = message.sender_id ? await User.findOne({ where: { id: message.sender_id, org_id: message.org_id, is_active: true } }) : null;
  const staffAuthor = author && (author.role === 'admin' || author.role === 'manager') ? author.id : null;
  return notifyStaff(sequelize, {
    org_id: message.org_id,
    manager_id: staffAuthor ?? lead?.manager_id ?? user?.manager_id ?? null,
    type: 'delivery.failed',
    title: t.title(name),
    body: [message.status === 'blocked' ? t.blocked : (message.error ?? ''), message.content.slice(0, 200)].filter(Boolean).join('\n'),
    payload: { message_id: message.id, conversation_id, status: message.status, ...(lead ? { lead_id: lead.id } : { user_id: user!.id }) },
  });
}
