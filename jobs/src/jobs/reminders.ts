import type { Agenda } from 'agenda';
import { JOBS, queueOutboundMessage, runReminderTick, sendNotificationIdsToTelegram } from '@crm/core';
import { defineJob } from '../define-job.js';
import type { JobDeps } from '../deps.js';

/** Often enough to land inside every organization's configured hour, whatever its UTC offset. */
const REMINDER_TICK = '15 minutes';

/**
 * Worker report reminders and manager morning digests. Each is a recurring tick over all
 * organizations; what is due is decided per organization in its own timezone, and each reminder
 * is recorded per local day, so several job workers or a repeated tick never send one twice.
 */
export function define(agenda: Agenda, deps: JobDeps): void {
  // Recurring ticks: the next tick is the retry (each reminder is recorded per local day).
  const options = { concurrency: 1, lockLifetime: 5 * 60_000, retry: false } as const;
  defineJob(agenda, deps, { name: JOBS.remindersDailyReport, run: ({ org_id }) => sendReportReminders(deps, new Date(), org_id), ...options });
  defineJob(agenda, deps, { name: JOBS.remindersDigest, run: ({ org_id }) => sendDigests(deps, new Date(), org_id), ...options });
  // `every` keeps one recurring job per name in the table, so each worker process may call it; the
  // first tick comes one interval after start (a due reminder is at most 15 minutes late).
  void Promise.all([
    agenda.every(REMINDER_TICK, JOBS.remindersDailyReport, {}, { skipImmediate: true }),
    agenda.every(REMINDER_TICK, JOBS.remindersDigest, {}, { skipImmediate: true }),
  ]).catch((error: unknown) => deps.logger.error({ err: error }, 'reminder ticks could not be scheduled'));
}

/** Reminds every worker due now; each goes through the outbound queue like any bot message. */
export async function sendReportReminders(deps: Pick<JobDeps, 'sequelize' | 'queue' | 'logger' | 'publish'>, now: Date, org_id?: number): Promise<number> {
  const { reminders } = await runReminderTick(deps.sequelize, now, { org_id, only: 'report_reminder' });
  let queued = 0;
  for (const reminder of reminders) {
    try {
      await queueOutboundMessage({ queue: deps.queue, publish: deps.publish }, { org_id: reminder.org_id, user_id: reminder.user_id, content: reminder.text });
      queued += 1;
    } catch (error) {
      deps.logger.warn({ err: error, org_id: reminder.org_id, user_id: reminder.user_id }, 'report reminder not queued');
    }
  }
  if (reminders.length) deps.logger.info({ reminders: reminders.length, queued }, 'report reminders sent');
  return queued;
}

/** Writes the morning digests due now and tells the back office about them. */
export async function sendDigests(deps: Pick<JobDeps, 'sequelize' | 'logger' | 'publish' | 'queue' | 'config'>, now: Date, org_id?: number): Promise<number> {
  const { digests } = await runReminderTick(deps.sequelize, now, { org_id, only: 'digest' });
  for (const digest of digests) {
    await deps
      .publish({ org_id: digest.org_id, type: 'notification.created', data: { id: digest.notification_id, user_id: digest.user_id } })
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'digest event not published'));
  }
  // Managers with Telegram linked read the digest on their phone too.
  await sendNotificationIdsToTelegram(
    { queue: deps.queue, publish: deps.publish, logger: deps.logger, ...(deps.config.PUBLIC_URL ? { publicUrl: deps.config.PUBLIC_URL } : {}) },
    digests.map((d) => d.notification_id),
  );
  return digests.length;
}
