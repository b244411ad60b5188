import { Notification, Op, Organization, User, type ChatMessage, type SqlTransaction } from '@crm/database';
import { dispatchRecordedMessages, recordOutboundMessage } from '../chat/outbound.js';
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
 * The Telegram copies of these notifications for the staff members with Telegram linked: the title, the
 * text and a button that opens the right screen of the back office, recorded as outbound messages
 * (status `queued`) inside the caller's transaction when given, so a copy commits with its
 * notification. The one place that decides how a staff notification reaches a phone; hand the copies
 * to the jobs process after the commit (`dispatchRecordedMessages`).
 */
export async function recordTelegramCopies(
  notifications: Notification[],
  options: { transaction?: SqlTransaction; publicUrl?: string } = {},
): Promise<ChatMessage[]> {
  const { transaction } = options;
  const userIds = [...new Set(notifications.map((n) => n.user_id).filter((id): id is number => id !== null))];
  if (!userIds.length) return [];
  const users = await User.findAll({
    where: { id: { [Op.in]: userIds }, role: { [Op.in]: ['admin', 'manager'] }, is_active: true, telegram_id: { [Op.ne]: null }, unreachable: false },
    transaction,
  });
  const orgs = new Map<number, Organization | null>();
  const copies: ChatMessage[] = [];
  for (const notification of notifications) {
    const user = users.find((u) => u.id === notification.user_id && u.org_id === notification.org_id);
    if (!user) continue;
    if (!orgs.has(user.org_id)) orgs.set(user.org_id, await Organization.findByPk(user.org_id, { attributes: ['id', 'locale'], transaction }));
    const org = orgs.get(user.org_id) ?? null;
    const url = backOfficeUrl(notificationRoute(notification), options.publicUrl ?? publicBaseUrl());
    const button = telegramAcceptsUrl(url);
    const content = [notification.title, notification.body, button ? '' : url].filter(Boolean).join('\n\n').slice(0, 4000);
    copies.push(
      await recordOutboundMessage(
        {
          org_id: user.org_id,
          user_id: user.id,
          content,
          ...(button ? { reply_markup: { inline_keyboard: [[{ text: OPEN[localeFor(org, user)], url }]] } } : {}),
        },
        transaction,
      ),
    );
  }
  return copies;
}

/**
 * The copies of notifications that have already committed on their own: recorded and handed to the
 * jobs process now. A failure is logged and never undoes the notifications.
 */
export async function sendNotificationsToTelegram(deps: NotifyDeps, notifications: Notification[]): Promise<number> {
  let copies: ChatMessage[];
  try {
    copies = await recordTelegramCopies(notifications, deps.publicUrl ? { publicUrl: deps.publicUrl } : {});
  } catch (error) {
    deps.logger?.warn({ err: error, notification_ids: notifications.map((n) => n.id) }, 'staff notifications not queued for Telegram');
    return 0;
  }
  await dispatchRecordedMessages(deps, copies);
  return copies.length;
}

/** The same for notifications known by id (written earlier, in a transaction that has committed). */
export async function sendNotificationIdsToTelegram(deps: NotifyDeps, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  return sendNotificationsToTelegram(deps, await Notification.findAll({ where: { id: { [Op.in]: ids } }, order: [['id', 'ASC']] }));
}
