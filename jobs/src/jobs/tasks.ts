import type { Agenda } from 'agenda';
import { JOBS, claimTaskReminders, sendNotificationIdsToTelegram } from '@crm/core';
import { defineJob } from '../define-job.js';
import type { JobDeps } from '../deps.js';

/** The safety net behind the per-task jobs: a reminder whose job was lost is at most this late. */
const TASK_SWEEP = '1 minute';

/**
 * Task reminders. The api schedules one `tasks.remind` at each task's due time (again when the due
 * time changes); a recurring sweep reminds anything due whose job was lost. Both claim the task in
 * the database before writing, so a reminder goes out once however many workers or jobs run.
 */
export function define(agenda: Agenda, deps: JobDeps): void {
  defineJob(agenda, deps, {
    name: JOBS.tasksRemind,
    run: ({ task_id }) => sendTaskReminders(deps, new Date(), task_id),
    concurrency: 2,
    lockLifetime: deps.delivery.lockLifetimeMs,
  });
  defineJob(agenda, deps, {
    name: JOBS.tasksSweep,
    run: () => sendTaskReminders(deps, new Date()),
    concurrency: 1,
    lockLifetime: deps.delivery.lockLifetimeMs,
    retry: false,
  });
  void agenda
    .every(TASK_SWEEP, JOBS.tasksSweep, {}, { skipImmediate: true })
    .catch((error: unknown) => deps.logger.error({ err: error }, 'task reminder sweep could not be scheduled'));
}

/**
 * Reminds the tasks due at `now` (one, or all): a back-office notification (and its live event) is
 * written with the claim, then the assignee's linked Telegram gets it from the bot.
 */
export async function sendTaskReminders(
  deps: Pick<JobDeps, 'sequelize' | 'queue' | 'logger' | 'publish' | 'config'>,
  now: Date,
  task_id?: number,
): Promise<number> {
  const sent = await claimTaskReminders(deps.sequelize, now, { task_id });
  if (!sent.length) return 0;
  await sendNotificationIdsToTelegram(
    { queue: deps.queue, publish: deps.publish, logger: deps.logger, ...(deps.config.PUBLIC_URL ? { publicUrl: deps.config.PUBLIC_URL } : {}) },
    sent.flatMap((s) => s.notification_ids),
  );
  deps.logger.info({ tasks: sent.length }, 'task reminders sent');
  return sent.length;
}
