import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChangeRequest, ChatMessage, Lead, Notification, Project, User } from '@crm/database';
import { sendChangeRequestToClient } from '@crm/core';
import { startHarness, type Harness } from '@crm/testing/bot-harness';
import { telegramUser, UpdateFactory } from '@crm/testing/telegram-updates';
import type { RecordedRequest } from '@crm/testing/fake-telegram';

let h: Harness;
let updates: UpdateFactory;

const previousPublicUrl = process.env.PUBLIC_URL;

beforeAll(async () => {
  process.env.PUBLIC_URL = 'https://crm.example.com';
  h = await startHarness();
  updates = new UpdateFactory(h.fake);
});
afterAll(async () => {
  await h?.close();
  if (previousPublicUrl === undefined) delete process.env.PUBLIC_URL;
  else process.env.PUBLIC_URL = previousPublicUrl;
});

type Button = { text: string; callback_data?: string; web_app?: { url: string } };
const keyboard = (r: RecordedRequest | undefined) => ((r?.params.reply_markup ?? {}) as { inline_keyboard?: Button[][] }).inline_keyboard ?? [];

async function site(language = 'en') {
  const { org, token } = await h.org('Client Remont');
  await org.update({ locale: 'en', timezone: 'UTC' });
  const person = telegramUser({ first_name: 'Carl', language_code: language });
  const manager = await User.create({ org_id: org.id, role: 'manager', name: 'Maria', email: `maria-${person.id}@example.test` });
  const client = await User.create({
    org_id: org.id,
    role: 'client',
    name: 'Carl Client',
    telegram_id: person.id,
    manager_id: manager.id,
    language_code: language,
  });
  const lead = await Lead.create({
    org_id: org.id,
    telegram_id: person.id,
    chat_id: person.id,
    client_id: client.id,
    name: 'Carl',
    status: 'won',
    position: 0,
  });
  const project = await Project.create({ org_id: org.id, client_id: client.id, manager_id: manager.id, name: 'Flat', budget_total: '1000.00' });
  /** The manager sends a change request: the message the client gets, with its buttons. */
  const send = async (title: string, amount: string) => {
    const cr = await ChangeRequest.create({ org_id: org.id, project_id: project.id, title, amount, created_by: manager.id });
    const { message } = await sendChangeRequestToClient(
      { queue: h.queue },
      { org_id: org.id, change_request_id: cr.id, public_url: 'https://crm.example.com' },
    );
    return { cr, message };
  };
  /** Taps a button under that message, as Telegram delivers it (the message text included). */
  const tap = async (message: { content: string; reply_markup: unknown }, label: string, who = person, messageId = 501) => {
    const buttons = (message.reply_markup as { inline_keyboard: Button[][] }).inline_keyboard.flat();
    const data = buttons.find((b) => b.text.includes(label))!.callback_data!;
    const update = updates.callback(who, data, messageId) as { callback_query: { message: { text: string } } };
    update.callback_query.message.text = message.content;
    await h.deliver(token, update);
    return data;
  };
  const answers = () => h.fake.calls('answerCallbackQuery', token);
  const edits = () => h.fake.calls('editMessageText', token);
  return { org, token, person, manager, client, lead, project, send, tap, answers, edits };
}

describe('client bot', () => {
  it('gives a writing client the Mini App menu button and passes the message on to the chat bridge', async () => {
    const s = await site();
    await h.deliver(s.token, updates.text(s.person, 'When do the tilers come?'));
    const [menu] = h.fake.calls('setChatMenuButton', s.token).filter((r) => String(r.params.chat_id) === String(s.person.id));
    expect(menu?.params.menu_button).toEqual({ type: 'web_app', text: 'My renovation', web_app: { url: `https://crm.example.com/app/?org=${s.org.id}` } });
    const stored = await ChatMessage.findOne({ where: { org_id: s.org.id, direction: 'inbound', content: 'When do the tilers come?' } });
    expect(stored?.lead_id).toBe(s.lead.id);
    await h.deliver(s.token, updates.text(s.person, 'And the plumber?'));
    expect(h.fake.calls('setChatMenuButton', s.token).filter((r) => String(r.params.chat_id) === String(s.person.id))).toHaveLength(1);
    expect(await ChatMessage.count({ where: { org_id: s.org.id, direction: 'inbound' } })).toBe(2);
  });

  it('approves from the inline button: budget raised, manager notified, message shows the outcome; a double tap is refused', async () => {
    const s = await site();
    const { cr, message } = await s.send('Heated floor', '250.50');
    expect(keyboard({ params: { reply_markup: message.reply_markup } } as never)[0]!.map((b) => b.callback_data)).toEqual([`cr1:a:${cr.id}`, `cr1:d:${cr.id}`]);

    await s.tap(message, 'Approve');
    const decided = (await ChangeRequest.findByPk(cr.id))!;
    expect(decided).toMatchObject({ status: 'approved', decided_by: s.client.id });
    expect((await Project.findByPk(s.project.id))!.budget_total).toBe('1250.50');
    expect(await Notification.count({ where: { org_id: s.org.id, user_id: s.manager.id, type: 'change_request.approved' } })).toBe(1);
    const edit = s.edits().at(-1)!;
    expect([String(edit.params.chat_id), String(edit.params.message_id)]).toEqual([String(s.person.id), '501']);
    expect(String(edit.params.text)).toMatch(/^Change request: Heated floor[\s\S]*\n\n✅ Approved by you, /);
    expect(keyboard(edit)).toEqual([[{ text: 'Open in the app', web_app: { url: `https://crm.example.com/app/?org=${s.org.id}` } }]]);
    expect(s.answers().at(-1)!.params.text).toBe('Approved. Your manager has been notified.');

    await s.tap(message, 'Decline');
    expect(s.answers().at(-1)!.params).toMatchObject({ show_alert: 'true', text: expect.stringMatching(/^Already decided: approved by Carl Client, /) });
    expect((await ChangeRequest.findByPk(cr.id))!.status).toBe('approved');
    expect((await Project.findByPk(s.project.id))!.budget_total).toBe('1250.50');
    await s.tap(message, 'Approve');
    expect(s.answers().at(-1)!.params.text).toMatch(/^Already decided/);
    expect((await Project.findByPk(s.project.id))!.budget_total).toBe('1250.50');
    expect(await Notification.count({ where: { org_id: s.org.id, type: 'change_request.approved' } })).toBe(1);
  });

  it('declines from the inline button in Russian without touching the budget', async () => {
    const s = await site('ru');
    const { cr, message } = await s.send('Ниша в потолке', '300.00');
    await s.tap(message, 'Отклонить');
    expect((await ChangeRequest.findByPk(cr.id))!).toMatchObject({ status: 'rejected', decided_by: s.client.id });
    expect((await Project.findByPk(s.project.id))!.budget_total).toBe('1000.00');
    expect(String(s.edits().at(-1)!.params.text)).toContain('❌ Вы отклонили');
    expect(s.answers().at(-1)!.params.text).toBe('Отклонено. Менеджер получил уведомление.');
    expect(await Notification.count({ where: { org_id: s.org.id, user_id: s.manager.id, type: 'change_request.rejected' } })).toBe(1);
  });

  it("refuses someone else's tap and a malformed button, deciding nothing", async () => {
    const s = await site();
    const { cr, message } = await s.send('Extra door', '100.00');
    const stranger = telegramUser({ first_name: 'Eve', language_code: 'en' });
    await s.tap(message, 'Approve', stranger);
    expect(s.answers().at(-1)!.params).toMatchObject({ text: 'This request is not available to you.', show_alert: 'true' });
    const other = await site();
    await s.tap(message, 'Approve', other.person);
    expect((await ChangeRequest.findByPk(cr.id))!.status).toBe('pending');
    await h.deliver(s.token, updates.callback(s.person, 'cr1:a:notanumber'));
    expect(s.answers().at(-1)!.params.text).toBe('This button is no longer valid.');
    expect((await ChangeRequest.findByPk(cr.id))!.status).toBe('pending');
    expect(s.edits()).toHaveLength(0);
  });
});
