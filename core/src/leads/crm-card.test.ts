import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { AiRun, Appointment, ChatMessage, Estimate, Lead, LeadEvent, Note, Notification, Organization, Task, User, type Sequelize } from '@crm/database';
import { connectTestDatabase } from '@crm/testing/database';
import { createLead, moveLead } from './lead.service.js';
import { logCall } from './lead-events.js';
import { leadTimeline } from './timeline.js';
import { mergeLeads } from './lead-merge.js';
import { findLeadDuplicates } from './lead-duplicates.js';
import { createTask, updateTask } from '../tasks/task.service.js';
import { claimTaskReminders } from '../tasks/task-reminders.js';
import { createNote } from '../notes/note.service.js';

let sequelize: Sequelize;
let n = 0;
beforeAll(async () => {
  sequelize = await connectTestDatabase();
});
afterAll(async () => {
  await sequelize.close();
});

async function firm(options: { timezone?: string; locale?: 'ru' | 'en' } = {}) {
  n += 1;
  const org = await Organization.create({ name: `Card ${process.pid}-${n}`, timezone: options.timezone ?? 'Europe/Moscow', locale: options.locale ?? 'ru' });
  const manager = await User.create({ org_id: org.id, role: 'manager', name: 'Marina', email: `card-${process.pid}-${n}@example.test` });
  return { org, manager, scope: { org_id: org.id, user_id: manager.id } };
}
const at = async (table: string, id: number, iso: string, column = 'created_at') =>
  sequelize.query(`UPDATE ${table} SET ${column} = :iso WHERE id = :id`, { replacements: { iso, id } });

describe('the lead timeline', () => {
  it('assembles messages by day, moves, calls, tasks, notes, AI turns and estimates newest first, paged by key', async () => {
    const { org, manager, scope } = await firm();
    const lead = await createLead(sequelize, { org_id: org.id, name: 'Иван', source: 'site' });
    const m1 = await ChatMessage.create({ org_id: org.id, lead_id: lead.id, direction: 'inbound', content: 'Здравствуйте', status: 'received' });
    const m2 = await ChatMessage.create({ org_id: org.id, lead_id: lead.id, direction: 'outbound', content: 'Добрый день!', status: 'sent' });
    await at('chat_messages', m1.id, '2026-11-01T07:00:00Z');
    await at('chat_messages', m2.id, '2026-11-01T07:05:00Z');
    const run = await AiRun.create({
      org_id: org.id,
      lead_id: lead.id,
      engine: 'fallback',
      response: { result: { lead: { area_m2: 40 }, hotness: { score: 70, reasons: [] } } } as object,
    });
    await at('ai_runs', run.id, '2026-11-01T07:06:00Z');
    await moveLead(sequelize, org.id, lead.id, { status: 'qualified', position: 0 }, manager.id);
    await at('lead_events', (await LeadEvent.findOne({ where: { lead_id: lead.id, kind: 'status' } }))!.id, '2026-11-02T08:00:00Z');
    const call = await logCall(sequelize, scope, lead.id, { outcome: 'no_answer', note: 'не взял трубку' });
    await at('lead_events', call.id, '2026-11-02T09:00:00Z');
    const task = await sequelize.transaction((tx) => createTask(scope, { lead_id: lead.id, title: 'Перезвонить', due_local: '2026-11-03T10:00' }, tx));
    await at('tasks', task.id, '2026-11-02T09:01:00Z');
    await task.reload();
    await sequelize.transaction((tx) => updateTask(scope, task, { done: true }, tx).then(() => task.save({ transaction: tx })));
    await at('tasks', task.id, '2026-11-03T10:30:00Z', 'done_at');
    const note = await sequelize.transaction((tx) => createNote(scope, { lead_id: lead.id, body: 'Хочет тёплый пол' }, tx));
    await at('notes', note.id, '2026-11-02T10:00:00Z');
    const estimate = await Estimate.create({ org_id: org.id, lead_id: lead.id, currency: 'RUB', title: 'Ванная', total: '125000.50', created_by: manager.id });
    await sequelize.query(
      `UPDATE estimates SET created_at = '2026-11-04T10:00:00Z', sent_at = '2026-11-04T11:00:00Z', approved_at = '2026-11-05T12:00:00Z', approved_via = 'telegram' WHERE id = :id`,
      { replacements: { id: estimate.id } },
    );
    // Another lead's history never shows.
    const other = await createLead(sequelize, { org_id: org.id, name: 'Other' });
    await ChatMessage.create({ org_id: org.id, lead_id: other.id, direction: 'inbound', content: 'чужое', status: 'received' });

    const all = await leadTimeline(sequelize, org.id, lead.id, { limit: 100 });
    expect(all.next).toBeNull();
    expect(all.items.map((i) => i.kind)).toEqual([
      'estimate_approved',
      'estimate_sent',
      'estimate_created',
      'task_done',
      'note',
      'task_created',
      'call',
      'status',
      'ai',
      'messages',
    ]);
    const byKind = Object.fromEntries(all.items.map((i) => [i.kind, i]));
    expect(byKind.messages!.data).toMatchObject({ day: '2026-11-01', inbound: 1, outbound: 1, last: 'Добрый день!' });
    expect(byKind.status).toMatchObject({ actor: { id: manager.id, name: 'Marina' }, data: { from: 'new', to: 'qualified' } });
    expect(byKind.call!.data).toMatchObject({ outcome: 'no_answer', note: 'не взял трубку' });
    expect(byKind.ai!.data).toMatchObject({ engine: 'fallback', result: { hotness: { score: 70 } } });
    expect(byKind.estimate_approved!.data).toMatchObject({ total: '125000.50', currency: 'RUB', via: 'telegram' });
    expect(byKind.note!.data).toMatchObject({ body: 'Хочет тёплый пол' });

    // Pages of three walk the same items in the same order, none twice.
    const walked: string[] = [];
    let before: string | undefined;
    do {
      const page = await leadTimeline(sequelize, org.id, lead.id, { limit: 3, before });
      walked.push(...page.items.map((i) => i.key));
      before = page.next ?? undefined;
    } while (before);
    expect(walked).toEqual(all.items.map((i) => i.key));
    await expect(leadTimeline(sequelize, org.id + 100000, lead.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(leadTimeline(sequelize, org.id, lead.id, { before: 'garbage' })).rejects.toMatchObject({ code: 'validation' });
  });

  it('refuses to lose a lead without a reason and keeps the reason in the timeline', async () => {
    const { org, manager } = await firm();
    const lead = await createLead(sequelize, { org_id: org.id, name: 'Пётр' });
    await expect(moveLead(sequelize, org.id, lead.id, { status: 'lost', position: 0 }, manager.id)).rejects.toMatchObject({
      code: 'validation',
      details: { fields: { lost_reason: expect.any(String) } },
    });
    await moveLead(sequelize, org.id, lead.id, { status: 'lost', position: 0, lost_reason: 'Дорого' }, manager.id);
    expect((await lead.reload()).lost_reason).toBe('Дорого');
    const { items } = await leadTimeline(sequelize, org.id, lead.id);
    expect(items[0]).toMatchObject({ kind: 'status', data: { from: 'new', to: 'lost', reason: 'Дорого' } });
  });
});

describe('duplicates and merging', () => {
  it('finds the same phone written differently, and moves everything to the survivor in one transaction', async () => {
    const { org, manager, scope } = await firm();
    const telegramId = 7_700_000 + n;
    const keep = await createLead(sequelize, { org_id: org.id, name: 'Анна', phone: '+79001234567', status: 'qualified' });
    const gone = await createLead(sequelize, {
      org_id: org.id,
      name: 'Анна (Telegram)',
      phone: '8 (900) 123-45-67',
      telegram_id: telegramId,
      chat_id: telegramId,
      address: 'Ленина 5',
    });
    const stranger = await createLead(sequelize, { org_id: org.id, name: 'Другой', phone: '+79007654321' });
    expect((await findLeadDuplicates(sequelize, org.id, keep.id)).map((d) => [d.id, d.match])).toEqual([[gone.id, ['phone']]]);
    expect(await findLeadDuplicates(sequelize, org.id, stranger.id)).toEqual([]);

    await ChatMessage.create({ org_id: org.id, lead_id: gone.id, direction: 'inbound', content: 'из телеграма', status: 'received' });
    const task = await sequelize.transaction((tx) => createTask(scope, { lead_id: gone.id, title: 'Позвонить', due_local: '2026-11-03T10:00' }, tx));
    const note = await sequelize.transaction((tx) => createNote(scope, { lead_id: gone.id, body: 'заметка' }, tx));
    const estimate = await Estimate.create({ org_id: org.id, lead_id: gone.id, currency: 'RUB' });
    const visit = await Appointment.create({
      org_id: org.id,
      lead_id: gone.id,
      starts_at: new Date('2026-11-05T10:00:00Z'),
      ends_at: new Date('2026-11-05T11:00:00Z'),
    });
    await logCall(sequelize, scope, gone.id, { outcome: 'reached' });

    // A refused merge changes nothing.
    await expect(mergeLeads(sequelize, scope, keep.id, { merge_id: keep.id })).rejects.toMatchObject({ code: 'validation' });
    const foreign = await firm();
    const foreignLead = await createLead(sequelize, { org_id: foreign.org.id, name: 'Чужой' });
    await expect(mergeLeads(sequelize, scope, keep.id, { merge_id: foreignLead.id })).rejects.toMatchObject({ code: 'validation' });

    await mergeLeads(sequelize, scope, keep.id, { merge_id: gone.id });
    expect(await Lead.findByPk(gone.id)).toBeNull();
    await keep.reload();
    expect(keep).toMatchObject({ telegram_id: expect.anything(), address: 'Ленина 5', phone: '+79001234567', status: 'qualified' });
    expect(String(keep.telegram_id)).toBe(String(telegramId));
    expect(await ChatMessage.count({ where: { lead_id: keep.id } })).toBe(1);
    expect((await Task.findByPk(task.id))?.lead_id).toBe(keep.id);
    expect((await Note.findByPk(note.id))?.lead_id).toBe(keep.id);
    expect((await Estimate.findByPk(estimate.id))?.lead_id).toBe(keep.id);
    expect((await Appointment.findByPk(visit.id))?.lead_id).toBe(keep.id);
    const { items } = await leadTimeline(sequelize, org.id, keep.id, { limit: 100 });
    expect(items[0]).toMatchObject({ kind: 'merge', actor: { id: manager.id }, data: { merged: { id: gone.id, name: 'Анна (Telegram)' } } });
    expect(items.map((i) => i.kind)).toEqual(expect.arrayContaining(['call', 'task_created', 'note', 'estimate_created', 'messages']));
    // The column the duplicate left has no gap.
    const column = await Lead.findAll({ where: { org_id: org.id, status: 'new' }, order: [['position', 'ASC']] });
    expect(column.map((l) => l.position)).toEqual([0]);
  });
});

describe('task reminders', () => {
  it('reminds at the due moment typed on the organization clock, once, not when done, again after a new due time', async () => {
    const { org, manager, scope } = await firm({ timezone: 'Asia/Vladivostok', locale: 'en' });
    const lead = await createLead(sequelize, { org_id: org.id, name: 'Oleg', status: 'measurement' });
    const task = await sequelize.transaction((tx) => createTask(scope, { lead_id: lead.id, title: 'Call back', due_local: '2031-12-01T15:30' }, tx));
    expect(task.due_at.toISOString()).toBe('2031-12-01T05:30:00.000Z');
    const done = await sequelize.transaction((tx) =>
      createTask(scope, { lead_id: lead.id, title: 'Already done', due_local: '2031-12-01T15:00', done: true }, tx),
    );
    // Claimed one task at a time: other test files share the database and have due tasks of their own.
    const mine = async (iso: string) => [
      ...(await claimTaskReminders(sequelize, new Date(iso), { task_id: task.id })),
      ...(await claimTaskReminders(sequelize, new Date(iso), { task_id: done.id })),
    ];

    expect(await mine('2031-12-01T05:29:00Z')).toEqual([]);
    const [first] = await mine('2031-12-01T05:30:00Z');
    expect(first).toMatchObject({ task_id: task.id });
    expect(await mine('2031-12-01T05:31:00Z')).toEqual([]);
    const note = await Notification.findByPk(first!.notification_ids[0]);
    expect(note).toMatchObject({ user_id: manager.id, type: 'task.due', title: '⏰ Task: Call back', body: 'Due: 15:30, 01.12\nLead: Oleg · Measurement' });
    expect(await Notification.count({ where: { org_id: org.id, type: 'task.due' } })).toBe(1);
    void done;

    // A new due time plans a new reminder.
    await task.reload();
    await sequelize.transaction((tx) => updateTask(scope, task, { due_local: '2031-12-02T09:00' }, tx).then(() => task.save({ transaction: tx })));
    expect(await mine('2031-12-01T22:59:00Z')).toEqual([]); // 08:59 on the 2nd in Vladivostok
    expect(await mine('2031-12-01T23:00:00Z')).toHaveLength(1);
  });
});
