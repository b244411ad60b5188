import { Lead, Notification, Op, User, type Organization, type SqlTransaction } from '@crm/database';
import type { PublishEvent } from '../events/index.js';
import type { Logger } from '../logger.js';
import type { JobQueue } from '../jobs/queue.js';
import { sendNotificationsToTelegram } from '../notify/staff-telegram.js';
import { compareAmounts } from './amounts.js';
import { PHRASES, type QualifierResult } from './fallback-qualifier.js';

// When a lead is hot, the AI steps back: the lead is marked for a manager, who is alerted in the
// back office (a notification and a real-time event) and, when linked, in Telegram.

const HOT_SCORE = 70;
export const MANAGER_REPLIED = 'manager_replied';

type Locale = 'ru' | 'en';
const TEXT = {
  ru: {
    asked: 'клиент просит связаться с менеджером',
    score: (n: number) => `горячий лид (оценка ${n})`,
    budget: 'бюджет выше порога организации',
    complete: 'лид ответил на все вопросы',
    title: (name: string) => `Горячий лид: ${name}`,
    open: 'Откройте чат в CRM.',
  },
  en: {
    asked: 'the client asked for a manager',
    score: (n: number) => `hot lead (score ${n})`,
    budget: 'budget above the organization threshold',
    complete: 'the lead answered every question',
    title: (name: string) => `Hot lead: ${name}`,
    open: 'Open the chat in the CRM.',
  },
} satisfies Record<Locale, unknown>;

const localeOf = (org: Organization): Locale => (org.locale === 'en' ? 'en' : 'ru');

/**
 * Why this turn hands the lead to a manager, or null when the AI keeps talking. A reply that tells
 * the lead "I passed it to a manager" (the built-in qualifier's closing) is a handoff too: the lead
 * must not wait for someone nobody alerted.
 */
export function handoffReason(org: Organization, result: QualifierResult): string | null {
  const t = TEXT[localeOf(org)];
  if (result.wants_human) return t.asked;
  if (result.hotness.score >= HOT_SCORE) return t.score(result.hotness.score);
  const budget = result.lead.budget;
  if (org.hot_budget_threshold && budget && budget.currency === org.currency && compareAmounts(budget.amount, org.hot_budget_threshold) >= 0) {
    return t.budget;
  }
  if (result.reply === PHRASES[result.language].closing) return t.complete;
  return null;
}

/** The lead's manager, or every active admin and manager of the organization when it has none. */
async function managersToAlert(lead: Lead, transaction?: SqlTransaction): Promise<User[]> {
  if (lead.manager_id) {
    const manager = await User.findOne({ where: { id: lead.manager_id, org_id: lead.org_id, is_active: true }, transaction });
    if (manager) return [manager];
  }
  return User.findAll({ where: { org_id: lead.org_id, role: { [Op.in]: ['admin', 'manager'] }, is_active: true }, order: [['id', 'ASC']], transaction });
}

/** Inside the turn's transaction: stop the AI for the lead and create the managers' notifications. */
export async function markForManager(
  org: Organization,
  lead: Lead,
  reason: string,
  transaction: SqlTransaction,
): Promise<{ notifications: Notification[]; managers: User[] }> {
  lead.set({ ai_enabled: false, needs_manager: true, ai_paused_reason: reason });
  const managers = await managersToAlert(lead, transaction);
  const t = TEXT[localeOf(org)];
  const name = lead.name || (lead.username ? `@${lead.username}` : `#${lead.id}`);
  const body = [reason, lead.ai_summary ?? ''].filter(Boolean).join('. ');
  const rows = (managers.length ? managers.map((m) => m.id) : [null]).map((userId) => ({
    org_id: lead.org_id,
    user_id: userId,
    type: 'lead.handoff',
    title: t.title(name),
    body,
    payload: { lead_id: lead.id, reason, hotness: lead.hotness },
  }));
  const notifications = await Notification.bulkCreate(rows, { transaction, returning: true });
  return { notifications, managers };
}

/** After commit: real-time events and Telegram alerts (through notify). Failures are logged, never undo the handoff. */
export async function alertManagers(
  deps: { queue: JobQueue; publish?: PublishEvent; logger?: Logger; publicUrl?: string },
  org: Organization,
  lead: Lead,
  handoff: { notifications: Notification[]; managers: User[] },
): Promise<void> {
  for (const notification of handoff.notifications) {
    await deps
      .publish?.({ org_id: org.id, type: 'notification.created', data: { id: notification.id, lead_id: lead.id, user_id: notification.user_id } })
      .catch((error: Error) => deps.logger?.warn({ err: error }, 'ai: notification event not published'));
  }
  await sendNotificationsToTelegram(
    {
      queue: deps.queue,
      ...(deps.publish ? { publish: deps.publish } : {}),
      ...(deps.logger ? { logger: deps.logger } : {}),
      ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
    },
    handoff.notifications,
  ).catch((error: Error) => deps.logger?.warn({ err: error, lead_id: lead.id }, 'ai: manager alerts not queued'));
}

/**
 * A manager's outbound message to a lead always pauses the AI for that lead (the manager takes
 * over). Call it wherever a staff member's message to a lead is recorded. Returns true when the AI
 * was running and is now paused.
 */
export async function pauseAiOnManagerReply(lead: { id: number; org_id: number }, options: { transaction?: SqlTransaction } = {}): Promise<boolean> {
  const [count] = await Lead.update(
    { ai_enabled: false, ai_paused_reason: MANAGER_REPLIED },
    { where: { id: lead.id, org_id: lead.org_id, ai_enabled: true }, transaction: options.transaction },
  );
  if (count > 0 && lead instanceof Lead) lead.set({ ai_enabled: false, ai_paused_reason: MANAGER_REPLIED });
  return count > 0;
}

/**
 * A manager hands the conversation back to the AI (PUT lead `ai_enabled: true`): the lead is no
 * longer waiting for a manager and the pause reason is cleared. The AI answers the lead's next message.
 */
export async function handBackToAi(lead: { id: number; org_id: number }, options: { transaction?: SqlTransaction } = {}): Promise<void> {
  await Lead.update(
    { ai_enabled: true, needs_manager: false, ai_paused_reason: null },
    { where: { id: lead.id, org_id: lead.org_id }, transaction: options.transaction },
  );
  if (lead instanceof Lead) lead.set({ ai_enabled: true, needs_manager: false, ai_paused_reason: null });
}
