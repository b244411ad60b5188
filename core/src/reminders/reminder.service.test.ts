import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { DailyReport, Notification, type Sequelize } from '@crm/database';
import { connectTestDatabase } from '@crm/testing/database';
import { runReminderTick } from './reminder.service.js';
import { createWorkerFixture } from '@crm/testing/worker-fixture';

let sequelize: Sequelize;
beforeAll(async () => {
  sequelize = await connectTestDatabase();
});
afterAll(async () => {
  await sequelize.close();
});

describe('reminder tick', () => {
  it('reminds workers at 19:00 local time in Moscow and in Vladivostok, once per day, skipping those who reported', async () => {
    const moscow = await createWorkerFixture(sequelize, { timezone: 'Europe/Moscow', telegram_id: 91001 });
    const vladivostok = await createWorkerFixture(sequelize, { timezone: 'Asia/Vladivostok', locale: 'en', telegram_id: 91002 });
    const tick = async (iso: string) => {
      const a = await runReminderTick(sequelize, new Date(iso), { org_id: moscow.org.id });
      const b = await runReminderTick(sequelize, new Date(iso), { org_id: vladivostok.org.id });
      return [...a.reminders, ...b.reminders].map((r) => [r.org_id, r.telegram_id, r.local_date]);
    };
    // 09:15 UTC = 19:15 in Vladivostok (UTC+10), 12:15 in Moscow (UTC+3).
    expect(await tick('2026-06-01T09:15:00Z')).toEqual([[vladivostok.org.id, 91002, '2026-06-01']]);
    expect(await tick('2026-06-01T09:30:00Z')).toEqual([]);
    // 16:00 UTC = 19:00 in Moscow; the Vladivostok worker is not reminded again (it is 02:00 there).
    expect(await tick('2026-06-01T16:00:00Z')).toEqual([[moscow.org.id, 91001, '2026-06-01']]);
    expect(await tick('2026-06-01T16:45:00Z')).toEqual([]);

    // Next day the Moscow worker files a report before the evening: no reminder.
    const report = await DailyReport.create({ org_id: moscow.org.id, project_id: moscow.project.id, author_id: moscow.worker.id, content: 'done' });
    await sequelize.query("UPDATE daily_reports SET created_at = '2026-06-02T12:00:00Z' WHERE id = :id", { replacements: { id: report.id } });
    expect(await tick('2026-06-02T16:10:00Z')).toEqual([]);
    const texts = await runReminderTick(sequelize, new Date('2026-06-02T09:10:00Z'), { org_id: vladivostok.org.id });
    expect(texts.reminders[0]?.text).toMatch(/no report from you today/);
  });

  it('writes the morning digest of yesterday for managers at the digest hour, once', async () => {
    const f = await createWorkerFixture(sequelize, { timezone: 'Asia/Vladivostok', locale: 'en', telegram_id: 91003 });
    // The digest hour is 09:00 in Vladivostok, i.e. 23:00 UTC the day before; 06:00 UTC is 16:00 there.
    expect((await runReminderTick(sequelize, new Date('2026-06-03T06:00:00Z'), { org_id: f.org.id })).digests).toEqual([]);
    const first = await runReminderTick(sequelize, new Date('2026-06-02T23:05:00Z'), { org_id: f.org.id });
    expect(first.digests).toEqual([{ org_id: f.org.id, user_id: f.manager.id, notification_id: expect.any(Number), report_date: '2026-06-02' }]);
    expect((await runReminderTick(sequelize, new Date('2026-06-02T23:20:00Z'), { org_id: f.org.id })).digests).toEqual([]);
    const note = await Notification.findByPk(first.digests[0]!.notification_id);
    expect(note?.title).toBe('Daily reports for 2026-06-02');
    expect(note?.body).toContain('No report from: Ivan');
  });
});
