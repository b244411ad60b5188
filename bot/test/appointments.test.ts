// Measurement visits in the bot, end to end: the bot process (webhook) and a jobs worker against the
// fake Bot API and PostgreSQL. The client answers under the visit, a move and a cancellation reach
// both people, reminders fire at their planned moments (driven through the jobs' own timestamps) once,
// and the estimator sends measurements that land on the lead.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Appointment, ChatMessage, Lead, LeadMeasurement, Notification, Organization, User } from '@crm/database';
import { announceAppointment, bookAppointment, createLogger, updateAppointment, type AppointmentWrite } from '@crm/core';
import { buildBotApp } from '../src/app.js';
import { newToken } from '@crm/testing/bot-harness';
import type { BotManager } from '../src/bot-manager.js';
import { failFirstInsert } from '@crm/testing/fail-once';
import { telegramUser, UpdateFactory } from '@crm/testing/telegram-updates';
import type { RecordedRequest } from '@crm/testing/fake-telegram';
import type { Worker } from '@crm/jobs';
import { startHarness, waitFor } from '@crm/testing/jobs-harness';

let h: Awaited<ReturnType<typeof startHarness>>;
let worker: Worker;
let manager: BotManager;
let server: Server;
let updates: UpdateFactory;

beforeAll(async () => {
  h = await startHarness();
  worker = await h.newWorker();
  await worker.start();
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bot = buildBotApp({
    config: { TELEGRAM_API_ROOT: h.fake.apiRoot, TELEGRAM_MODE: 'webhook', PUBLIC_URL: url, PORT: 0, BOT_RECONCILE_MS: 200, BOT_RETRY_SWEEP_MS: 60_000 },
    sequelize: h.sequelize,
    logger: createLogger('bot-test', 'silent'),
    queue: worker.deps.queue,
    botOptions: { maxRetries: 0 },
  });
  manager = bot.manager;
  server.on('request', bot.app);
  await manager.start();
  updates = new UpdateFactory(h.fake);
});
afterAll(async () => {
  await manager?.stop();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await h?.close();
});

type Button = { text: string; callback_data?: string };
const buttons = (r: RecordedRequest | undefined) => (((r?.params.reply_markup ?? {}) as { inline_keyboard?: Button[][] }).inline_keyboard ?? []).flat();
const berlin = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const dayBefore = (date: string) => new Date(Date.parse(`${date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

async function site() {
  const token = newToken();
  const org = await Organization.create({ name: 'Measure Remont', bot_token: token, timezone: 'Europe/Berlin', locale: 'en' });
  await manager.reconcile();
  if (!manager.forOrg(org.id)) throw new Error('bot did not start');
  const deliver = async (update: object) => {
    await h.fake.bot(token).deliver(update);
    await manager.idle();
  };
  const clientPerson = telegramUser({ first_name: 'Olga', language_code: 'en' });
  const estimatorPerson = telegramUser({ first_name: 'Pavel', language_code: 'en' });
  const boss = await User.create({ org_id: org.id, role: 'manager', name: 'Maria', email: `maria-${clientPerson.id}@example.test` });
  const estimator = await User.create({ org_id: org.id, role: 'worker', name: 'Pavel', telegram_id: estimatorPerson.id, language_code: 'en' });
  await deliver(updates.text(clientPerson, 'Hello, I need a bathroom renovated'));
  const lead = (await Lead.findOne({ where: { org_id: org.id, telegram_id: clientPerson.id } }))!;
  await lead.update({ manager_id: boss.id, ai_enabled: false, address: 'Hauptstr. 5' });
  const announce = (write: AppointmentWrite) => announceAppointment({ queue: worker.deps.queue }, write);
  const book = async (date: string, time: string) => {
    const write = await h.sequelize.transaction((tx) =>
      bookAppointment(h.sequelize, org.id, boss.id, { lead_id: lead.id, estimator_id: estimator.id, date, time }, tx),
    );
    await announce(write);
    return write.appointment;
  };
  const change = async (appointment: Appointment, values: Record<string, unknown>) => {
    const write = await h.sequelize.transaction(async (tx) =>
      updateAppointment(h.sequelize, (await Appointment.findByPk(appointment.id, { transaction: tx }))!, values, tx),
    );
    await announce(write);
    return write.appointment;
  };
  /** Waits for the n-th message the bot sent to a person and answers it. */
  const nth = (person: { id: number }, n: number, what: string) => waitFor(async () => h.fake.sent(person.id, token)[n - 1], 20_000, what);
  const tap = async (person: typeof clientPerson, data: string) => {
    await deliver(updates.callback(person, data, 700));
    return h.fake.calls('answerCallbackQuery', token).at(-1);
  };
  const reminderJobs = async (appointmentId: number) => {
    const { rows } = await h.pool.query<{ id: string; data: { kind: string; starts_at: string }; next_run_at: Date }>(
      `SELECT id, data, next_run_at FROM "${tableOf()}" WHERE name = 'appointments.reminder' AND (data->>'appointment_id')::int = $1 ORDER BY created_at`,
      [appointmentId],
    );
    return rows;
  };
  /** The moment of a job has come: its scheduled time is set to now, and the worker runs it. */
  const runNow = async (jobId: string) => {
    await h.pool.query(`UPDATE "${tableOf()}" SET next_run_at = now(), locked_at = NULL WHERE id = $1`, [jobId]);
    await waitFor(
      async () => {
        const { rows } = await h.pool.query<{ next_run_at: Date | null; locked_at: Date | null }>(
          `SELECT next_run_at, locked_at FROM "${tableOf()}" WHERE id = $1`,
          [jobId],
        );
        return rows[0] && rows[0].next_run_at === null && rows[0].locked_at === null ? true : null;
      },
      20_000,
      'reminder job run',
    );
  };
  return { org, token, deliver, clientPerson, estimatorPerson, boss, estimator, lead, book, change, nth, tap, reminderJobs, runNow };
}

const tableOf = () => h.tableName;

describe('measurement visit in the bot', () => {
  it('reaches the client with Confirm / Another time and the estimator with Send measurements; Confirm is idempotent', async () => {
    const s = await site();
    const date = inDays(10);
    const visit = await s.book(date, '10:00');
    const toClient = await s.nth(s.clientPerson, 1, 'visit message to the client');
    expect(String(toClient.params.text)).toMatch(/^Your measurement visit is booked: .+, 10:00–11:00\nAddress: Hauptstr\. 5\nEstimator: Pavel/);
    expect(buttons(toClient).map((b) => [b.text, b.callback_data])).toEqual([
      ['✅ Confirm', `ap1:c:${visit.id}`],
      ['🕓 Another time', `ap1:r:${visit.id}`],
    ]);
    const toEstimator = await s.nth(s.estimatorPerson, 1, 'visit message to the estimator');
    expect(String(toEstimator.params.text)).toMatch(/^New measurement visit: .+\nAddress: Hauptstr\. 5\nClient: Olga/);
    expect(buttons(toEstimator).map((b) => b.callback_data)).toEqual([`ap1:m:${visit.id}`]);

    expect((await s.tap(s.clientPerson, `ap1:c:${visit.id}`))?.params.text).toBe('Thank you, the time is confirmed. See you!');
    expect((await Appointment.findByPk(visit.id))!.status).toBe('confirmed');
    expect((await s.tap(s.clientPerson, `ap1:c:${visit.id}`))?.params.text).toBe('The time is already confirmed.');
    expect(await Notification.count({ where: { org_id: s.org.id, type: 'appointment.confirm' } })).toBe(1);
    // Someone else's tap on the client's button does nothing.
    expect((await s.tap(s.estimatorPerson, `ap1:c:${visit.id}`))?.params).toMatchObject({ show_alert: 'true', text: 'This button is not for you.' });
  });

  it('records an answer only with its notification and its Telegram copy: when the bell cannot be written, the retried tap records them once', async () => {
    const s = await site();
    const bossPerson = telegramUser({ first_name: 'Maria', language_code: 'en' });
    await s.boss.update({ telegram_id: bossPerson.id });
    const copies = () => ChatMessage.count({ where: { org_id: s.org.id, user_id: s.boss.id, direction: 'outbound' } });
    const visit = await s.book(inDays(11), '09:00');
    await s.nth(s.clientPerson, 1, 'booking');
    const before = (await Appointment.findByPk(visit.id))!.status;
    // The first notification of this organization fails, as during a database restart.
    const restore = await failFirstInsert(h.sequelize, 'visit_note_fail', 'notifications', `NEW.org_id = ${s.org.id}`);
    try {
      await s.deliver(updates.callback(s.clientPerson, `ap1:c:${visit.id}`, 700));
      expect((await Appointment.findByPk(visit.id))!.status).toBe(before);
      expect(await Notification.count({ where: { org_id: s.org.id, type: 'appointment.confirm' } })).toBe(0);
      expect(await copies()).toBe(0);

      await manager.sweep({ olderThanMs: 0 });
      await manager.idle();
      expect((await Appointment.findByPk(visit.id))!.status).toBe('confirmed');
      expect(await Notification.count({ where: { org_id: s.org.id, type: 'appointment.confirm' } })).toBe(1);
      expect(await copies()).toBe(1);
      const copy = await s.nth(bossPerson, 1, "the manager's Telegram copy");
      expect(String(copy.params.text)).toMatch(/^Olga confirmed the measurement visit/);
      expect(h.fake.calls('answerCallbackQuery', s.token).filter((c) => c.params.text === 'Thank you, the time is confirmed. See you!')).toHaveLength(1);
    } finally {
      await restore();
    }
  });

  it('Another time tells the manager and lets the client write the time into the chat; a move and a cancellation reach both', async () => {
    const s = await site();
    const visit = await s.book(inDays(12), '14:00');
    await s.nth(s.clientPerson, 1, 'booking');
    await s.tap(s.clientPerson, `ap1:r:${visit.id}`);
    expect((await Appointment.findByPk(visit.id))!.status).toBe('reschedule_requested');
    const ask = await s.nth(s.clientPerson, 2, 'question for a time');
    expect(ask.params.text).toBe('Please write which day and time suit you — the manager will answer here.');
    const note = await Notification.findOne({ where: { org_id: s.org.id, user_id: s.boss.id, type: 'appointment.another_time' } });
    expect(note?.title).toBe('Olga asks for another time for the measurement visit');
    await s.deliver(updates.text(s.clientPerson, 'Thursday after 18:00 please'));
    const chat = await ChatMessage.findAll({ where: { org_id: s.org.id, lead_id: s.lead.id, direction: 'inbound' }, order: [['id', 'ASC']] });
    expect(chat.map((m) => m.content).slice(-2)).toEqual(['🕓 You asked for another time', 'Thursday after 18:00 please']);

    const moved = await s.change(visit, { date: inDays(13), time: '18:30' });
    expect(moved.status).toBe('scheduled');
    const clientMoved = await s.nth(s.clientPerson, 3, 'move to the client');
    expect(String(clientMoved.params.text)).toMatch(/^Your measurement visit is moved: .+, 18:30–19:30/);
    expect(buttons(clientMoved)).toHaveLength(2);
    expect(String((await s.nth(s.estimatorPerson, 2, 'move to the estimator')).params.text)).toMatch(/^Measurement visit moved: .+, 18:30–19:30/);

    await s.change(moved, { status: 'cancelled' });
    expect(String((await s.nth(s.clientPerson, 4, 'cancellation to the client')).params.text)).toMatch(/^Your measurement visit is cancelled: /);
    expect(String((await s.nth(s.estimatorPerson, 3, 'cancellation to the estimator')).params.text)).toMatch(/^Measurement visit cancelled: /);
    expect((await s.tap(s.clientPerson, `ap1:c:${visit.id}`))?.params).toMatchObject({ show_alert: 'true', text: 'This visit is cancelled.' });
  });

  it('reminds both the evening before at 18:00 Berlin time and two hours before, once; nothing for an old time or a cancelled visit', async () => {
    const s = await site();
    const date = inDays(9);
    const first = await s.book(date, '11:00');
    await s.nth(s.clientPerson, 1, 'booking');
    await s.nth(s.estimatorPerson, 1, 'booking');
    const moved = await s.change(first, { time: '09:00' });
    await s.nth(s.clientPerson, 2, 'move');
    await s.nth(s.estimatorPerson, 2, 'move');
    const jobs = await s.reminderJobs(first.id);
    const current = jobs.filter((j) => j.data.starts_at === moved.starts_at.toISOString());
    const stale = jobs.filter((j) => j.data.starts_at !== moved.starts_at.toISOString());
    expect(current.map((j) => [j.data.kind, berlin(new Date(j.next_run_at))])).toEqual([
      ['day_before', `${dayBefore(date)}, 18:00`],
      ['soon', `${date}, 07:00`],
    ]);
    expect(stale).toHaveLength(2);

    const before = { client: h.fake.sent(s.clientPerson.id, s.token).length, estimator: h.fake.sent(s.estimatorPerson.id, s.token).length };
    for (const job of stale) await s.runNow(job.id);
    const [evening, soon] = current;
    await s.runNow(evening!.id);
    const clientReminder = await s.nth(s.clientPerson, before.client + 1, 'evening reminder to the client');
    expect(String(clientReminder.params.text)).toMatch(/^Reminder: measurement visit tomorrow: .+, 09:00–10:00\nAddress: Hauptstr\. 5\nEstimator: Pavel$/);
    const estimatorReminder = await s.nth(s.estimatorPerson, before.estimator + 1, 'evening reminder to the estimator');
    expect(String(estimatorReminder.params.text)).toMatch(/^Reminder: measurement visit tomorrow: .+\nAddress: Hauptstr\. 5\nClient: Olga/);
    // The same job again (a retry, another worker): nothing more.
    await s.runNow(evening!.id);
    await s.runNow(soon!.id);
    expect(String((await s.nth(s.clientPerson, before.client + 2, 'two-hour reminder')).params.text)).toMatch(/^Measurement visit in two hours: /);
    await s.runNow(soon!.id);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(h.fake.sent(s.clientPerson.id, s.token)).toHaveLength(before.client + 2);
    expect(h.fake.sent(s.estimatorPerson.id, s.token)).toHaveLength(before.estimator + 2);
    expect((await Appointment.findByPk(first.id))!.reminded_day_before_at).not.toBeNull();

    // A cancelled visit gets no reminder when its moment comes.
    const other = await s.book(inDays(11), '10:00');
    await s.nth(s.clientPerson, before.client + 3, 'second booking');
    await s.nth(s.estimatorPerson, before.estimator + 3, 'second booking');
    await s.change(other, { status: 'cancelled' });
    await s.nth(s.clientPerson, before.client + 4, 'second cancellation');
    await s.nth(s.estimatorPerson, before.estimator + 4, 'second cancellation');
    for (const job of await s.reminderJobs(other.id)) await s.runNow(job.id);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(h.fake.sent(s.clientPerson.id, s.token)).toHaveLength(before.client + 4);
    expect(h.fake.sent(s.estimatorPerson.id, s.token)).toHaveLength(before.estimator + 4);
  });

  it('the estimator sends sizes and photos from the visit: rooms read into the lead’s file, the photo stored, the manager told', async () => {
    const s = await site();
    const visit = await s.book(inDays(8), '10:00');
    await s.nth(s.estimatorPerson, 1, 'visit to the estimator');
    await s.tap(s.estimatorPerson, `ap1:m:${visit.id}`);
    const start = await s.nth(s.estimatorPerson, 2, 'dialog start');
    expect(String(start.params.text)).toMatch(/^📏 Measurements for the visit/);
    expect(buttons(start).map((b) => b.callback_data)).toEqual([`ms1:d:${visit.id}`, `ms1:x:${visit.id}`]);
    await s.deliver(updates.text(s.estimatorPerson, 'Kitchen 3,2 x 4,1 x 2,7\nbathroom 2.1 × 1.8 × 2.5\nold tiles under the sink'));
    expect(String((await s.nth(s.estimatorPerson, 3, 'progress')).params.text)).toBe('Got it: 2 rooms, 0 photos, 1 lines of notes. Send more or tap “Done”.');
    await s.deliver(updates.photo(s.estimatorPerson, { caption: 'hall 1,5 на 6' }));
    expect(String((await s.nth(s.estimatorPerson, 4, 'progress')).params.text)).toBe('Got it: 3 rooms, 1 photos, 2 lines of notes. Send more or tap “Done”.');
    // Someone else cannot file them; the estimator can, once.
    await s.tap(s.estimatorPerson, `ms1:d:${visit.id}`);
    await s.tap(s.estimatorPerson, `ms1:d:${visit.id}`);
    const sent = await s.nth(s.estimatorPerson, 5, 'sent');
    expect(String(sent.params.text)).toBe('Sent to the client’s file: rooms — Kitchen 3.2 × 4.1 × 2.7; bathroom 2.1 × 1.8 × 2.5; hall 1.5 × 6, 1 photos.');
    const measurements = await LeadMeasurement.findAll({ where: { org_id: s.org.id, lead_id: s.lead.id } });
    expect(measurements).toHaveLength(1);
    expect(measurements[0]!.rooms).toEqual([
      { name: 'Kitchen', length: '3.2', width: '4.1', height: '2.7' },
      { name: 'bathroom', length: '2.1', width: '1.8', height: '2.5' },
      { name: 'hall', length: '1.5', width: '6', height: null },
    ]);
    expect(measurements[0]!.notes).toBe('Kitchen 3,2 x 4,1 x 2,7\nbathroom 2.1 × 1.8 × 2.5\nold tiles under the sink\nhall 1,5 на 6');
    expect((await Appointment.findByPk(visit.id))!.status).toBe('done');
    expect(await Notification.count({ where: { org_id: s.org.id, user_id: s.boss.id, type: 'measurement.received' } })).toBe(1);
    const stored = await waitFor(
      async () => {
        const row = await LeadMeasurement.findByPk(measurements[0]!.id);
        return row?.media[0]?.key ? row : null;
      },
      20_000,
      'photo stored',
    );
    expect(stored.media[0]!.key).toMatch(new RegExp(`^org/${s.org.id}/`));
    // After the dialog, the worker's messages go to the office again.
    await s.deliver(updates.text(s.estimatorPerson, 'Done with Olga'));
    expect(await ChatMessage.count({ where: { org_id: s.org.id, user_id: s.estimator.id, direction: 'inbound', content: 'Done with Olga' } })).toBe(1);
  });
});
