/**
 * Which reminders are due for an organization at a moment, in its own timezone. Pure: the jobs
 * tick calls it every few minutes; idempotency (once per local day) is the caller's record.
 */
export interface ReminderSchedule {
  timezone: string;
  report_reminder_hour: number;
  digest_hour: number;
}

export interface LocalClock {
  date: string; // YYYY-MM-DD in the organization's timezone
  hour: number;
  minute: number;
}

export interface DueReminders {
  /** The local day whose missing reports should be reminded about now, if any. */
  report_reminder: { local_date: string } | null;
  /** The morning digest: sent on local_date, about report_date (the day before). */
  digest: { local_date: string; report_date: string } | null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function localClock(now: Date, timeZone: string): LocalClock {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(now).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) % 24, minute: Number(parts.minute) };
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function previousDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/**
 * A reminder is due during the whole configured local hour, so a tick every 15 minutes (or a late
 * one) still fires it; the caller records it per local day so it is sent once.
 */
export function dueReminders(now: Date, schedule: ReminderSchedule): DueReminders {
  const timeZone = isValidTimeZone(schedule.timezone) ? schedule.timezone : 'UTC';
  const clock = localClock(now, timeZone);
  return {
    report_reminder: clock.hour === schedule.report_reminder_hour ? { local_date: clock.date } : null,
    digest: clock.hour === schedule.digest_hour ? { local_date: clock.date, report_date: previousDate(clock.date) } : null,
  };
}
