import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatMessage, Lead, QueryTypes, User } from '@crm/database';
import { startBotStack, type BotStack } from '@crm/testing/bot-stack';
import { bearer } from '@crm/testing/api';

// Telegram groups end to end: the api issues link codes, the bot process receives group updates
// from the fake Bot API by webhook, and the jobs worker delivers the managers' replies to the group.
let stack: BotStack;
let company: Awaited<ReturnType<BotStack['company']>>;
let staff: ReturnType<BotStack['telegramUser']>;
let groupSeq = 0;

const http = () => stack.harness.api.http;
const auth = () => bearer(company.token);
const fake = () => stack.harness.fake;
const repliesIn = (chatId: number) =>
  fake()
    .sent(chatId, company.botToken)
    .map((r) => String(r.params.text ?? ''));
const newGroup = (title: string) => ({ id: -1_000_000_000_000 - process.pid * 1000 - ++groupSeq, title });
const say = (who: ReturnType<BotStack['telegramUser']>, group: { id: number; title: string }, text: string) =>
  stack.deliver(company.botToken, stack.updates.group(who, group, text));

async function project(name: string): Promise<number> {
  const res = await http().post('/api/projects').set(auth()).send({ name, address: name });
  expect(res.status).toBe(201);
  return res.body.id as number;
}

async function code(projectId: number): Promise<string> {
  const res = await http().post(`/api/projects/${projectId}/telegram-group/code`).set(auth());
  expect(res.status).toBe(201);
  return res.body.code as string;
}

beforeAll(async () => {
  stack = await startBotStack({ name: 'groups' });
  company = await stack.company();
  staff = stack.telegramUser({ first_name: 'Anna', language_code: 'en' });
  await User.update({ telegram_id: staff.id }, { where: { id: company.user.id } });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('link codes on the project page', () => {
  it('issues a one-time code stored only as a hash, with the command and an add-to-group link', async () => {
    const projectId = await project('Lenina 5');
    const res = await http().post(`/api/projects/${projectId}/telegram-group/code`).set(auth());
    expect(res.status).toBe(201);
    expect(res.body.code).toMatch(/^G[A-Z2-9]{9}$/);
    expect(res.body.command).toBe(`/link ${res.body.code}`);
    const bot = fake().bot(company.botToken);
    expect(res.body.add_to_group_url).toBe(`https://t.me/${bot.username}?startgroup=${res.body.code}`);
    expect(new Date(res.body.expires_at).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    const [kept] = await stack.harness.sequelize.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM group_link_codes WHERE code_hash = :c OR code_hash ILIKE :like',
      { replacements: { c: res.body.code, like: `%${res.body.code}%` }, type: QueryTypes.SELECT },
    );
    expect(kept!.n).toBe(0);
    expect((await http().get(`/api/projects/${projectId}/telegram-group`).set(auth())).body).toEqual({ group: null });
  });

  it('answers 404 for a project that is not there, and unlinking a project without a group', async () => {
    expect((await http().post('/api/projects/999999999/telegram-group/code').set(auth())).status).toBe(404);
    expect((await http().get('/api/projects/abc/telegram-group').set(auth())).status).toBe(404);
    const projectId = await project('No group');
    const res = await http().delete(`/api/projects/${projectId}/telegram-group`).set(auth());
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(/no linked Telegram group/);
  });
});

describe('linking a group in Telegram', () => {
  it('the bot added to a group greets it and keeps it as a group conversation, not a lead', async () => {
    const group = newGroup('Family chat');
    const member = stack.telegramUser({ first_name: 'Olga' });
    await stack.deliver(company.botToken, stack.updates.groupMembership(member, group, 'left', 'member'));
    expect(repliesIn(group.id).at(-1)).toMatch(/\/link/);
    await say(member, group, 'Hello everyone');
    expect(await Lead.count({ where: { org_id: company.org.id, chat_id: group.id } })).toBe(0);
    expect(await Lead.count({ where: { org_id: company.org.id, telegram_id: member.id } })).toBe(0);
    const chats = await http()
      .get('/api/chats')
      .query({ filter: JSON.stringify({ kind: 'group' }) })
      .set(auth());
    const chat = chats.body.find((c: { group: { chat_id: number } | null }) => c.group?.chat_id === group.id);
    expect(chat).toMatchObject({
      kind: 'group',
      is_group: true,
      person: { name: 'Family chat' },
      unread_count: 1,
      group: { title: 'Family chat', project_id: null, bot_present: true },
    });
    // Removed from the group: the conversation says so and a reply is refused with a reason.
    await stack.deliver(company.botToken, stack.updates.groupMembership(member, group, 'member', 'kicked'));
    const after = await http().get(`/api/chats/${chat.id}`).set(auth());
    expect(after.body).toMatchObject({ unreachable: true, group: { bot_present: false } });
    const refused = await http().post(`/api/chats/${chat.id}/messages`).set(auth()).send({ text: 'hello?' });
    expect(refused.status).toBe(400);
    expect(refused.body.fields.conversation.message).toMatch(/left this group/);
  });

  it('/link <code> by a linked staff member links the group once; the code cannot be used again', async () => {
    const projectId = await project('Mira 1');
    const first = await code(projectId);
    const group = newGroup('Mira 1 — repair');
    await say(staff, group, `/link@${fake().bot(company.botToken).username} ${first.toLowerCase()}`);
    expect(repliesIn(group.id).at(-1)).toMatch(/linked to the project “Mira 1”/);
    const linked = await http().get(`/api/projects/${projectId}/telegram-group`).set(auth());
    expect(linked.body.group).toMatchObject({ chat_id: group.id, title: 'Mira 1 — repair', bot_status: 'member', linked_by: { id: company.user.id } });
    // Nothing keeps the code in the clear: not the update journal, not the conversation.
    const [kept] = await stack.harness.sequelize.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM telegram_updates WHERE payload::text ILIKE :c) + (SELECT count(*) FROM chat_messages WHERE content ILIKE :c) AS n`,
      { replacements: { c: `%${first}%` }, type: QueryTypes.SELECT },
    );
    expect(Number(kept!.n)).toBe(0);

    const other = newGroup('Another group');
    await say(staff, other, `/link ${first}`);
    expect(repliesIn(other.id).at(-1)).toMatch(/already been used/);
    // A fresh code for a project that has its group: refused until unlinked.
    await say(staff, other, `/link ${await code(projectId)}`);
    expect(repliesIn(other.id).at(-1)).toMatch(/already has another group/);
    expect((await http().get(`/api/projects/${projectId}/telegram-group`).set(auth())).body.group.chat_id).toBe(group.id);
  });

  it('refuses an expired code, an unknown code and anyone who is not staff', async () => {
    const projectId = await project('Expired');
    const expired = await code(projectId);
    await stack.harness.sequelize.query("UPDATE group_link_codes SET expires_at = now() - interval '1 minute' WHERE project_id = :projectId", {
      replacements: { projectId },
    });
    const group = newGroup('Expired group');
    await say(staff, group, `/link ${expired}`);
    expect(repliesIn(group.id).at(-1)).toMatch(/expired/);
    await say(staff, group, '/link GAAAAAAAAA');
    expect(repliesIn(group.id).at(-1)).toMatch(/doesn't fit/);

    const valid = await code(projectId);
    const stranger = stack.telegramUser({ language_code: 'en' });
    await say(stranger, group, `/link ${valid}`);
    expect(repliesIn(group.id).at(-1)).toMatch(/Only a company manager/);
    // A client is not staff either.
    const client = await User.create({ org_id: company.org.id, role: 'client', name: 'Client', telegram_id: stack.telegramUser().id });
    await say(stack.telegramUser({ language_code: 'en' }, Number(client.telegram_id)), group, '/link');
    expect(repliesIn(group.id).at(-1)).toMatch(/Only a company manager/);
    expect((await http().get(`/api/projects/${projectId}/telegram-group`).set(auth())).body.group).toBeNull();
    // The refused code still works for staff.
    await say(staff, group, `/link ${valid}`);
    expect(repliesIn(group.id).at(-1)).toMatch(/linked to the project “Expired”/);
  });

  it('/link without a code lets staff choose the project; the list message becomes the answer', async () => {
    const projectId = await project('Chosen project');
    const group = newGroup('Chooser group');
    await say(staff, group, '/link');
    const list = fake().sent(group.id, company.botToken).at(-1)!;
    expect(list.params.text).toMatch(/Choose the project/);
    const buttons = (list.params.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard.flat();
    const button = buttons.find((b) => b.text === 'Chosen project')!;
    expect(buttons.some((b) => b.text === 'Mira 1')).toBe(false); // projects with a group are not offered
    // A member who is not staff cannot pick.
    await stack.deliver(company.botToken, stack.updates.callback(stack.telegramUser(), button.callback_data, 77, group));
    expect((await http().get(`/api/projects/${projectId}/telegram-group`).set(auth())).body.group).toBeNull();
    await stack.deliver(company.botToken, stack.updates.callback(staff, button.callback_data, 77, group));
    const edit = fake().calls('editMessageText', company.botToken).at(-1)!;
    expect(edit.params).toMatchObject({ chat_id: String(group.id), message_id: '77' });
    expect(edit.params.text).toMatch(/linked to the project “Chosen project”/);
    expect((await http().get(`/api/projects/${projectId}/telegram-group`).set(auth())).body.group.chat_id).toBe(group.id);
  });
});

describe("a linked group is its project's conversation", () => {
  it('keeps every sender name, creates no lead, and a manager reply reaches the group', async () => {
    const projectId = await project('Sadovaya 3');
    const group = newGroup('Sadovaya chat');
    await say(staff, group, `/link ${await code(projectId)}`);
    const client = stack.telegramUser({ first_name: 'Irina', last_name: 'Petrova' });
    const foreman = stack.telegramUser({ first_name: 'Pavel' });
    await say(client, group, 'When do the tiles arrive?');
    await say(foreman, group, 'Tomorrow morning');
    await say(staff, group, 'I will check');
    expect(await Lead.count({ where: { org_id: company.org.id, telegram_id: [client.id, foreman.id] } })).toBe(0);
    expect(await Lead.count({ where: { org_id: company.org.id, chat_id: group.id } })).toBe(0);

    const { group: linked } = (await http().get(`/api/projects/${projectId}/telegram-group`).set(auth())).body;
    const chat = await http().get(`/api/chats/${linked.conversation_id}`).set(auth());
    expect(chat.body).toMatchObject({
      kind: 'group',
      person: { name: 'Sadovaya 3' },
      group: { project_id: projectId, project_name: 'Sadovaya 3', title: 'Sadovaya chat' },
    });
    const page = await http().get(`/api/chats/${linked.conversation_id}/messages`).set(auth());
    expect(page.body.data.map((m: { sender_name: string; content: string }) => [m.sender_name, m.content]).reverse()).toEqual([
      ['Irina Petrova', 'When do the tiles arrive?'],
      ['Pavel', 'Tomorrow morning'],
      [(await User.findByPk(company.user.id))!.name, 'I will check'],
    ]);
    expect(page.body.data[0]).toMatchObject({ sender_id: company.user.id, conversation_id: linked.conversation_id });
    // The list finds it by the project's name.
    const found = await http()
      .get('/api/chats')
      .query({ filter: JSON.stringify({ q: 'Sadovaya 3' }) })
      .set(auth());
    expect(found.body.map((c: { id: string }) => c.id)).toEqual([linked.conversation_id]);

    const read = await http().post(`/api/chats/${linked.conversation_id}/read`).set(auth());
    expect(read.body).toMatchObject({ unread_count: 0, marked: 3 });

    const reply = await http().post(`/api/chats/${linked.conversation_id}/messages`).set(auth()).send({ text: 'Tiles come at 9:00' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ direction: 'outbound', conversation_id: linked.conversation_id });
    await stack.waitFor(async () => (await ChatMessage.findByPk(reply.body.id))?.status === 'sent', 15_000);
    expect(repliesIn(group.id).at(-1)).toBe('Tiles come at 9:00');
    expect(await ChatMessage.count({ where: { org_id: company.org.id, group_id: linked.id } })).toBe(4);

    // Assigning a group is the project's business.
    const assign = await http().put(`/api/chats/${linked.conversation_id}/assign`).set(auth()).send({ manager_id: company.user.id });
    expect(assign.status).toBe(400);
    expect(assign.body.fields.manager_id).toBeDefined();
  });

  it('unlinking keeps the group and its history as a group conversation; the project can take a new group', async () => {
    const projectId = await project('Unlink me');
    const group = newGroup('Old group');
    await say(staff, group, `/link ${await code(projectId)}`);
    await say(stack.telegramUser(), group, 'history');
    const { group: linked } = (await http().get(`/api/projects/${projectId}/telegram-group`).set(auth())).body;
    const res = await http().delete(`/api/projects/${projectId}/telegram-group`).set(auth());
    expect(res.status).toBe(200);
    expect((await http().get(`/api/projects/${projectId}/telegram-group`).set(auth())).body.group).toBeNull();
    const chat = await http().get(`/api/chats/${linked.conversation_id}`).set(auth());
    expect(chat.body).toMatchObject({ person: { name: 'Old group' }, group: { project_id: null } });
    expect(
      (await http().get(`/api/chats/${linked.conversation_id}/messages`).set(auth())).body.data.some((m: { content: string }) => m.content === 'history'),
    ).toBe(true);
    const fresh = newGroup('New group');
    await say(staff, fresh, `/link ${await code(projectId)}`);
    expect(repliesIn(fresh.id).at(-1)).toMatch(/linked to the project “Unlink me”/);
  });

  it('another organization cannot read, code or unlink this project’s group', async () => {
    const projectId = await project('Private project');
    const other = await stack.harness.api.register();
    const them = bearer(other.token);
    expect((await http().get(`/api/projects/${projectId}/telegram-group`).set(them)).status).toBe(404);
    expect((await http().post(`/api/projects/${projectId}/telegram-group/code`).set(them)).status).toBe(404);
    expect((await http().delete(`/api/projects/${projectId}/telegram-group`).set(them)).status).toBe(404);
    // A code of this organization links nothing in another organization's bot... nor does it exist there.
    const [count] = await stack.harness.sequelize.query<{ n: number }>('SELECT count(*)::int AS n FROM group_link_codes WHERE org_id = :o', {
      replacements: { o: other.org.id },
      type: QueryTypes.SELECT,
    });
    expect(count!.n).toBe(0);
  });
});
