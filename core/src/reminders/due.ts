import { addDays, localClock } from '../time/zone.js';

/**
 * Which reminders are due for an organization at a moment, in its own timezone. Pure: the jobs
 * tick calls it every few minutes; idempotency (once per local day) is the caller's record.
 */
export interface ReminderSchedule {
  timezone: string;
  report_reminder_hour: number;
  digest_hour: number;
}

export interface DueReminders {
  /** The local day whose missing reports should be reminded about now, if any. */
  report_reminder: { local_date: string } | null;
  /** The morning digest: sent on local_date, about report_date (the day before). */
  digest: { local_date: string; report_date: string } | null;
}

/**
 * A reminder is due during the whole configured local hour, so a tick every 15 minutes (or a late
 * one) still fires it; the caller records it per local day so it is sent once.
 */
export function dueReminders(now: Date, schedule: ReminderSchedule): DueReminders {
  const clock = localClock(now, schedule.timezone);
  return {
    report_reminder: clock.hour === schedule.report_reminder_hour ? { local_date: clock.date } : null,
    digest: clock.hour === schedule.digest_hour ? { local_date: clock.date, report_date: addDays(clock.date, -1) } : null,
  };
}
