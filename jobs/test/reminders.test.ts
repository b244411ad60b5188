import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { ChatMessage, Notification } from '@crm/database';
import { createWorkerFixture } from '@crm/testing/worker-fixture';
import { sendDigests, sendReportReminders } from '../src/jobs/reminders.js';
import type { Worker } from '../src/worker.js';
import { startHarness, waitFor } from '@crm/testing/jobs-harness';

let h: Awaited<ReturnType<typeof startHarness>>;
let worker: Worker;

beforeAll(async () => {
  h = await startHarness();
  worker = await h.newWorker();
  await worker.start();
});
afterAll(async () => {
  await h?.close();
});

describe('worker reminders and manager digests', () => {
  it('schedules both ticks as recurring jobs, once each', async () => {
    const { jobs } = await waitFor(
      async () => {
        const result = await worker.deps.agenda.queryJobs({ names: ['reminders.daily-report', 'reminders.digest'] });
        return result.jobs.length === 2 ? result : null;
      },
      10_000,
      'recurring reminder jobs',
    );
    expect(jobs.map((j) => [j.name, j.repeatInterval]).sort()).toEqual([
      ['reminders.daily-report', '15 minutes'],
      ['reminders.digest', '15 minutes'],
    ]);
    expect(jobs.every((j) => j.nextRunAt && new Date(j.nextRunAt).getTime() > Date.now() + 10 * 60_000)).toBe(true);
  });

  it('reminds each worker at 19:00 in their organization timezone, delivered through Telegram once', async () => {
    const moscowOrg = await h.createOrg('Moscow Remont');
    await moscowOrg.update({ timezone: 'Europe/Moscow' });
    const asiaOrg = await h.createOrg('Vladivostok Remont');
    await asiaOrg.update({ timezone: 'Asia/Vladivostok', locale: 'en' });
    const moscow = await createWorkerFixture(h.sequelize, { org: moscowOrg, telegram_id: 8_100_000 + (process.pid % 1000) });
    const asia = await createWorkerFixture(h.sequelize, { org: asiaOrg, telegram_id: 8_200_000 + (process.pid % 1000) });
    const tick = async (iso: string) =>
      (await sendReportReminders(worker.deps, new Date(iso), moscowOrg.id)) + (await sendReportReminders(worker.deps, new Date(iso), asiaOrg.id));

    // 09:05 UTC: 19:05 in Vladivostok, 12:05 in Moscow.
    expect(await tick('2026-07-01T09:05:00Z')).toBe(1);
    const asiaSent = await waitFor(async () => h.fake.sent(asia.worker.telegram_id!)[0], 15_000, 'reminder delivered');
    expect(asiaSent.params.text).toMatch(/no report from you today/);
    expect(h.fake.sent(moscow.worker.telegram_id!)).toHaveLength(0);
    // 16:20 UTC: 19:20 in Moscow; the second tick within the hour sends nothing new.
    expect(await tick('2026-07-01T16:20:00Z')).toBe(1);
    expect(await tick('2026-07-01T16:35:00Z')).toBe(0);
    const moscowSent = await waitFor(async () => h.fake.sent(moscow.worker.telegram_id!)[0], 15_000, 'reminder delivered');
    expect(moscowSent.params.text).toMatch(/сегодня от вас ещё нет отчёта/);
    const rows = await ChatMessage.findAll({ where: { org_id: moscowOrg.id, user_id: moscow.worker.id, direction: 'outbound' } });
    expect(rows).toHaveLength(1);
  });

  it('writes a manager digest at the morning hour and publishes it', async () => {
    const org = await h.createOrg('Digest Remont');
    await org.update({ timezone: 'Europe/Moscow', locale: 'en', digest_hour: 8 });
    const f = await createWorkerFixture(h.sequelize, { org, telegram_id: 8_300_000 + (process.pid % 1000) });
    expect(await sendDigests(worker.deps, new Date('2026-07-02T04:30:00Z'), org.id)).toBe(0); // 07:30 local
    expect(await sendDigests(worker.deps, new Date('2026-07-02T05:10:00Z'), org.id)).toBe(1); // 08:10 local
    expect(await sendDigests(worker.deps, new Date('2026-07-02T05:40:00Z'), org.id)).toBe(0);
    const [digest] = await Notification.findAll({ where: { org_id: org.id, type: 'digest' } });
    expect(digest).toMatchObject({ user_id: f.manager.id, title: 'Daily reports for 2026-07-01' });
    expect(digest!.body).toContain('No report from: Ivan');
  });
});
