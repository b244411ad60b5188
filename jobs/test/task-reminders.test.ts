import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { ChatMessage, Notification, Task, User } from '@crm/database';
import { JOBS, createLead, createTask } from '@crm/core';
import { sendTaskReminders } from '../src/jobs/tasks.js';
import type { Worker } from '../src/worker.js';
import { startHarness, waitFor } from '@crm/testing/jobs-harness';

let h: Awaited<ReturnType<typeof startHarness>>;
let worker: Worker;
let seq = 0;

beforeAll(async () => {
  h = await startHarness({ PUBLIC_URL: 'https://crm.example.com' });
  worker = await h.newWorker();
  await worker.start();
});
afterAll(async () => {
  await h?.close();
});

async function managerWithTelegram(timezone: string) {
  seq += 1;
  const org = await h.createOrg(`Tasks ${seq}`);
  await org.update({ timezone, locale: 'ru' });
  const telegramId = 8_600_000 + (process.pid % 1000) * 10 + seq;
  const manager = await User.create({
    org_id: org.id,
    role: 'manager',
    name: 'Марина',
    email: `tasks-${process.pid}-${seq}@example.test`,
    telegram_id: telegramId,
  });
  const lead = await createLead(h.sequelize, { org_id: org.id, name: 'Иван', status: 'measurement' });
  return { org, manager, lead, telegramId };
}

describe('task reminders in the bot', () => {
  it('reaches the assignee in Telegram at the due time on the organization clock, exactly once', async () => {
    const { org, manager, lead, telegramId } = await managerWithTelegram('Asia/Vladivostok');
    const task = await h.sequelize.transaction((tx) =>
      createTask({ org_id: org.id, user_id: manager.id }, { lead_id: lead.id, title: 'Перезвонить', due_local: '2031-12-01T15:30' }, tx),
    );
    // 05:29 UTC is 15:29 in Vladivostok: not yet.
    expect(await sendTaskReminders(worker.deps, new Date('2031-12-01T05:29:00Z'), task.id)).toBe(0);
    expect(await sendTaskReminders(worker.deps, new Date('2031-12-01T05:30:00Z'), task.id)).toBe(1);
    // A second worker, the sweep or a repeated job find it claimed.
    expect(await sendTaskReminders(worker.deps, new Date('2031-12-01T05:31:00Z'), task.id)).toBe(0);
    expect(await sendTaskReminders(worker.deps, new Date('2031-12-01T05:45:00Z'), task.id)).toBe(0);

    const [sent] = await waitFor(
      async () => {
        const s = h.fake.sent(telegramId);
        return s.length ? s : null;
      },
      15_000,
      'reminder in Telegram',
    );
    expect(sent!.params.text).toContain('⏰ Задача: Перезвонить');
    expect(sent!.params.text).toContain('Срок: 15:30, 01.12');
    expect(sent!.params.text).toContain('Лид: Иван · Замер');
    const markup = typeof sent!.params.reply_markup === 'string' ? JSON.parse(sent!.params.reply_markup) : sent!.params.reply_markup;
    expect(markup.inline_keyboard[0][0]).toMatchObject({ text: 'Открыть в CRM', url: `https://crm.example.com/admin/#/leads/${lead.id}` });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(h.fake.sent(telegramId)).toHaveLength(1);
    expect(await Notification.count({ where: { org_id: org.id, user_id: manager.id, type: 'task.due' } })).toBe(1);
  });

  it('runs the job scheduled at the due time and skips a task done before it or not yet due', async () => {
    const { org, manager, lead, telegramId } = await managerWithTelegram('Europe/Moscow');
    const scope = { org_id: org.id, user_id: manager.id };
    const local = (ms: number) =>
      new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
        .format(new Date(Date.now() + ms))
        .replace(' ', 'T');
    const due = await h.sequelize.transaction((tx) => createTask(scope, { lead_id: lead.id, title: 'Отправить смету', due_local: local(-60_000) }, tx));
    const done = await h.sequelize.transaction((tx) =>
      createTask(scope, { lead_id: lead.id, title: 'Уже сделано', due_local: local(-60_000), done: true }, tx),
    );
    const later = await h.sequelize.transaction((tx) => createTask(scope, { lead_id: lead.id, title: 'Позже', due_local: local(3_600_000) }, tx));
    // As the api does after each write: one job at the due time.
    for (const task of [due, done, later])
      await worker.deps.queue.enqueue(
        JOBS.tasksRemind,
        { task_id: task.id, org_id: org.id },
        { runAt: task.due_at, uniqueKey: `task:${task.id}:${task.due_at.toISOString()}` },
      );
    await waitFor(async () => (await Task.findByPk(due.id))?.reminded_at ?? null, 15_000, 'scheduled reminder claimed');
    const sent = await waitFor(
      async () => {
        const s = h.fake.sent(telegramId);
        return s.length ? s : null;
      },
      15_000,
      'reminder in Telegram',
    );
    expect(sent.map((s) => String(s.params.text).split('\n')[0])).toEqual(['⏰ Задача: Отправить смету']);
    expect((await Task.findByPk(done.id))?.reminded_at).toBeNull();
    expect((await Task.findByPk(later.id))?.reminded_at).toBeNull();
    expect(await ChatMessage.count({ where: { org_id: org.id, user_id: manager.id, direction: 'outbound' } })).toBe(1);
  });
});
