import { Notification, Op, Organization, User } from '@crm/database';
import { queueOutboundMessage } from '../chat/outbound.js';
import type { PublishEvent } from '../events/index.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Logger } from '../logger.js';
import { notificationRoute } from '../notifications/notification-route.js';
import { pickLocale } from '../reminders/texts.js';
import { backOfficeUrl, publicBaseUrl, telegramAcceptsUrl } from './links.js';

export interface NotifyDeps {
  queue: JobQueue;
  publish?: PublishEvent;
  logger?: Logger;
  /** The public address of the back office; PUBLIC_URL by default. */
  publicUrl?: string;
}

type Locale = 'ru' | 'en';
const OPEN: Record<Locale, string> = { ru: 'Открыть в CRM', en: 'Open in the CRM' };

// The language chosen in the profile, else the Telegram one, else the organization's.
const localeFor = (org: Organization | null, user: User): Locale => pickLocale(org?.locale, user.locale ?? user.language_code);

/**
 * Staff members with Telegram linked get each of their notifications from the bot as well: the title,
 * the text and a button that opens the right screen of the back office. The one place that decides
 * how a staff notification reaches a phone; failures are logged, never undo the notification.
 */
export async function sendNotificationsToTelegram(deps: NotifyDeps, notifications: Notification[]): Promise<number> {
  const userIds = [...new Set(notifications.map((n) => n.user_id).filter((id): id is number => id !== null))];
  if (!userIds.length) return 0;
  const users = await User.findAll({
    where: { id: { [Op.in]: userIds }, role: { [Op.in]: ['admin', 'manager'] }, is_active: true, telegram_id: { [Op.ne]: null }, unreachable: false },
  });
  const orgs = new Map<number, Organization | null>();
  let queued = 0;
  for (const notification of notifications) {
    const user = users.find((u) => u.id === notification.user_id && u.org_id === notification.org_id);
    if (!user) continue;
    if (!orgs.has(user.org_id)) orgs.set(user.org_id, await Organization.findByPk(user.org_id, { attributes: ['id', 'locale'] }));
    const org = orgs.get(user.org_id) ?? null;
    const url = backOfficeUrl(notificationRoute(notification), deps.publicUrl ?? publicBaseUrl());
    const button = telegramAcceptsUrl(url);
    const content = [notification.title, notification.body, button ? '' : url].filter(Boolean).join('\n\n').slice(0, 4000);
    try {
      await queueOutboundMessage(
        { queue: deps.queue, ...(deps.publish ? { publish: deps.publish } : {}) },
        {
          org_id: user.org_id,
          user_id: user.id,
          content,
          ...(button ? { reply_markup: { inline_keyboard: [[{ text: OPEN[localeFor(org, user)], url }]] } } : {}),
        },
      );
      queued += 1;
    } catch (error) {
      deps.logger?.warn({ err: error, user_id: user.id, notification_id: notification.id }, 'staff notification not queued for Telegram');
    }
  }
  return queued;
}

/** The same for notifications known by id (written earlier, in a transaction that has committed). */
export async function sendNotificationIdsToTelegram(deps: NotifyDeps, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  return sendNotificationsToTelegram(deps, await Notification.findAll({ where: { id: { [Op.in]: ids } }, order: [['id', 'ASC']] }));
}
