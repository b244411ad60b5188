import { describe, it, expect } from '@jest/globals';
import { dueReminders } from './due.js';

const moscow = { timezone: 'Europe/Moscow', report_reminder_hour: 19, digest_hour: 9 };
const vladivostok = { timezone: 'Asia/Vladivostok', report_reminder_hour: 19, digest_hour: 9 };

describe('due reminders', () => {
  it('fires the evening reminder at 19:00 local time in each of two timezones', () => {
    // 16:05 UTC is 19:05 in Moscow (UTC+3) and 02:05 the next day in Vladivostok (UTC+10).
    const at1605 = new Date('2026-06-01T16:05:00Z');
    expect(dueReminders(at1605, moscow).report_reminder).toEqual({ local_date: '2026-06-01' });
    expect(dueReminders(at1605, vladivostok).report_reminder).toBeNull();
    // 09:45 UTC is 19:45 in Vladivostok and 12:45 in Moscow.
    const at0945 = new Date('2026-06-01T09:45:00Z');
    expect(dueReminders(at0945, vladivostok).report_reminder).toEqual({ local_date: '2026-06-01' });
    expect(dueReminders(at0945, moscow).report_reminder).toBeNull();
    expect(dueReminders(new Date('2026-06-01T15:59:59Z'), moscow).report_reminder).toBeNull();
    expect(dueReminders(new Date('2026-06-01T17:00:00Z'), moscow).report_reminder).toBeNull();
  });

  it('sends the morning digest about yesterday, across a month boundary', () => {
    expect(dueReminders(new Date('2026-03-01T06:10:00Z'), moscow).digest).toEqual({ local_date: '2026-03-01', report_date: '2026-02-28' });
    expect(dueReminders(new Date('2026-03-01T06:10:00Z'), vladivostok).digest).toBeNull();
    expect(dueReminders(new Date('2024-03-01T06:10:00Z'), moscow).digest).toEqual({ local_date: '2024-03-01', report_date: '2024-02-29' });
    expect(dueReminders(new Date('2026-01-01T06:10:00Z'), moscow).digest).toEqual({ local_date: '2026-01-01', report_date: '2025-12-31' });
  });

  it('falls back to UTC for an unknown timezone instead of failing the tick', () => {
    expect(dueReminders(new Date('2026-06-01T19:00:00Z'), { ...moscow, timezone: 'Mars/Olympus' }).report_reminder).toEqual({ local_date: '2026-06-01' });
  });
});
