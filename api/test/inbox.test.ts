import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startBotStack, waitFor, type BotStack } from '@crm/testing/bot-stack';

/*
 * The team inbox through the real api, bot (webhook from the fake Bot API) and jobs worker: tab
 * filters and their counts, assignment and auto-assignment, resolve and reopen by a new message,
 * private notes that never reach Telegram, quick replies with placeholders, labels, search inside
 * message texts, replies to a chosen message, and another organization kept out of all of it.
 */
let stack: BotStack;
let firm: Awaited<ReturnType<BotStack['company']>>;
let other: Awaited<ReturnType<BotStack['company']>>;
let managerToken = '';
let managerId = 0;
const olga = () => person('Ольга');
const pavel = () => person('Павел');
const people = new Map<string, ReturnType<BotStack['telegramUser']>>();
function person(name: string) {
  if (!people.has(name)) people.set(name, stack.telegramUser({ first_name: name, language_code: 'ru' }));
  return people.get(name)!;
}

type Chat = {
  id: string;
  state: string;
  manager_id: number | null;
  needs_manager: boolean;
  unread_count: number;
  labels: { id: number; name: string; color: string }[];
};
type Counts = { mine: number; unassigned: number; needs_manager: number; unread: number; all: number; resolved: number };

async function http(token: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${stack.base}/api${url}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}
const api = (method: string, url: string, body?: unknown) => stack.api(firm.token, method, url, body);
const list = async (filter: Record<string, unknown>, token = firm.token): Promise<Chat[]> =>
  (await http(token, 'GET', `/chats?filter=${encodeURIComponent(JSON.stringify(filter))}`)).body;
const counts = async (token = firm.token): Promise<Counts> => (await http(token, 'GET', '/chats/counts')).body;
const leadChat = async (who: () => { id: number }) => {
  const chats: (Chat & { person: { telegram_id: number } })[] = await api('GET', '/chats');
  return chats.find((c) => Number(c.person.telegram_id) === who().id)!;
};

beforeAll(async () => {
  stack = await startBotStack({ name: 'inbox' });
  firm = await stack.company();
  other = await stack.company();
  const manager = await api('POST', '/users', {
    name: 'Мария Менеджер',
    role: 'manager',
    email: `maria-${Date.now()}@inbox.test`,
    password: 'correct horse battery',
  });
  managerId = manager.id;
  const login = await fetch(`${stack.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: manager.email, password: 'correct horse battery' }),
  });
  managerToken = (await login.json()).token;
}, 120_000);
afterAll(async () => stack?.close());

describe('the team inbox', () => {
  let olgaChat = '';
  let pavelChat = '';

  it('counts the tabs in one answer and filters by them: unassigned, unread, needs a manager, mine', async () => {
    await stack.personWrites(firm.botToken, olga(), 'Здравствуйте, нужен ремонт кухни');
    await stack.personWrites(firm.botToken, pavel(), 'Позовите менеджера, пожалуйста');
    olgaChat = (await leadChat(olga)).id;
    pavelChat = (await leadChat(pavel)).id;
    // The AI hands Pavel (who asked for a person) to a manager.
    await waitFor(async () => (await leadChat(pavel)).needs_manager, 20_000);

    expect(await counts()).toEqual({ mine: 0, unassigned: 2, needs_manager: 1, unread: 2, all: 2, resolved: 0 });
    expect((await list({ state: 'open', needs_manager: true })).map((c) => c.id)).toEqual([pavelChat]);
    expect((await list({ state: 'open', manager_id: null })).map((c) => c.id).sort()).toEqual([olgaChat, pavelChat].sort());

    const assigned = await http(firm.token, 'PUT', `/chats/${olgaChat}/assign`, { manager_id: managerId });
    expect(assigned.body).toMatchObject({ id: olgaChat, manager_id: managerId, manager: { name: 'Мария Менеджер' } });
    expect(await counts(managerToken)).toMatchObject({ mine: 1, unassigned: 1 });
    expect(await counts()).toMatchObject({ mine: 0, unassigned: 1 });
    expect((await list({ state: 'open', manager_id: managerId }, managerToken)).map((c) => c.id)).toEqual([olgaChat]);

    const bad = await http(firm.token, 'PUT', `/chats/${olgaChat}/assign`, { manager_id: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toHaveProperty('manager_id');
  }, 60_000);

  it('assigns an unassigned conversation to the first manager who replies, and leaves an assigned one alone', async () => {
    await http(managerToken, 'POST', `/chats/${pavelChat}/messages`, { text: 'Добрый день, Павел! Я ваш менеджер.' });
    expect((await leadChat(pavel)).manager_id).toBe(managerId);
    expect((await leadChat(pavel)).needs_manager).toBe(false);
    await http(firm.token, 'PUT', `/chats/${olgaChat}/assign`, { manager_id: null });
    await http(firm.token, 'POST', `/chats/${olgaChat}/messages`, { text: 'Ольга, здравствуйте!' });
    expect((await leadChat(olga)).manager_id).toBe(firm.user.id);
    await http(managerToken, 'POST', `/chats/${olgaChat}/messages`, { text: 'Я тоже здесь' });
    expect((await leadChat(olga)).manager_id).toBe(firm.user.id);
    expect(await counts(managerToken)).toMatchObject({ mine: 1, unassigned: 0, needs_manager: 0 });
  }, 60_000);

  it('resolves a conversation, lists it under resolved, and a new message from the person reopens it', async () => {
    const resolved = await http(firm.token, 'POST', `/chats/${olgaChat}/resolve`);
    expect(resolved.body).toMatchObject({ id: olgaChat, state: 'resolved' });
    expect(await counts()).toMatchObject({ all: 1, resolved: 1 });
    expect((await list({ state: 'resolved' })).map((c) => c.id)).toEqual([olgaChat]);
    expect((await list({ state: 'open' })).map((c) => c.id)).toEqual([pavelChat]);

    await stack.personWrites(firm.botToken, olga(), 'А когда сможете приехать?');
    expect((await leadChat(olga)).state).toBe('open');
    expect(await counts()).toMatchObject({ all: 2, resolved: 0 });

    await http(firm.token, 'POST', `/chats/${olgaChat}/resolve`);
    expect((await http(firm.token, 'POST', `/chats/${olgaChat}/reopen`)).body.state).toBe('open');
  }, 60_000);

  it('keeps a private note in the thread, authored and timestamped, and never sends it to Telegram', async () => {
    // Every reply written so far has reached Telegram first, so anything sent later would be the note.
    const sentBefore = await waitFor(async () => {
      const outbound = (await http(firm.token, 'GET', `/chats/${olgaChat}/messages`)).body.data.filter(
        (m: { direction: string }) => m.direction === 'outbound',
      );
      const delivered = stack.harness.fake.sent(olga().id, firm.botToken).length;
      return outbound.length > 0 && outbound.every((m: { status: string }) => m.status === 'sent') && delivered === outbound.length ? delivered : null;
    }, 20_000);
    const note = await http(managerToken, 'POST', `/chats/${olgaChat}/notes`, { content: 'Внутреннее: клиентка торгуется, скидка не больше 5%' });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({
      conversation_id: olgaChat,
      author_id: managerId,
      author_name: 'Мария Менеджер',
      content: 'Внутреннее: клиентка торгуется, скидка не больше 5%',
    });
    expect(Date.now() - new Date(note.body.created_at).getTime()).toBeLessThan(60_000);
    const page = (await http(firm.token, 'GET', `/chats/${olgaChat}/messages`)).body;
    expect(page.notes.map((n: { id: number }) => n.id)).toContain(note.body.id);
    expect(page.data.map((m: { content: string }) => m.content)).not.toContain(note.body.content);

    // Whatever the jobs worker does meanwhile, Telegram hears nothing of the note.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const sent = stack.harness.fake.sent(olga().id, firm.botToken);
    expect(sent.length).toBe(sentBefore);
    expect(stack.harness.fake.requests.some((r) => JSON.stringify(r.params).includes('скидка не больше'))).toBe(false);

    expect((await http(firm.token, 'POST', `/chats/${olgaChat}/notes`, { content: '  ' })).body.fields).toHaveProperty('content');
  }, 30_000);

  it('fills a quick reply’s placeholders for the conversation and the manager who writes', async () => {
    const created = await http(firm.token, 'POST', '/quick-replies', {
      title: 'Приветствие',
      content: 'Здравствуйте, {{name}}! Это {{ manager }} из «{{firm}}». {{other}} {name}, ждём вас в {firm}; {date}',
    });
    expect(created.status).toBe(201);
    const replies = (await http(managerToken, 'GET', `/chats/${olgaChat}/quick-replies`)).body;
    expect(replies).toEqual([
      {
        id: created.body.id,
        title: 'Приветствие',
        content: created.body.content,
        text: `Здравствуйте, Ольга! Это Мария Менеджер из «${firm.org.name}». {{other}} Ольга, ждём вас в ${firm.org.name}; {date}`,
      },
    ]);
    expect((await http(firm.token, 'POST', '/quick-replies', { title: '', content: 'x' })).body.fields).toHaveProperty('title');
    expect((await http(other.token, 'GET', '/quick-replies')).body).toEqual([]);
  });

  it('puts the organization’s colored labels on conversations and filters by them', async () => {
    const hot = (await http(firm.token, 'POST', '/chat-labels', { name: 'Горячий', color: '#D32F2F' })).body;
    const vip = (await http(firm.token, 'POST', '/chat-labels', { name: 'VIP' })).body;
    expect(hot).toMatchObject({ name: 'Горячий', color: '#d32f2f' });
    expect((await http(firm.token, 'POST', '/chat-labels', { name: 'горячий' })).status).toBe(409);
    expect((await http(firm.token, 'POST', '/chat-labels', { name: 'X', color: 'red' })).body.fields).toHaveProperty('color');

    const labelled = await http(firm.token, 'PUT', `/chats/${pavelChat}/labels`, { label_ids: [hot.id, vip.id] });
    expect(labelled.body.labels.map((l: { name: string }) => l.name)).toEqual(['VIP', 'Горячий']);
    expect((await list({ label_id: hot.id })).map((c) => c.id)).toEqual([pavelChat]);
    await http(firm.token, 'PUT', `/chats/${pavelChat}/labels`, { label_ids: [vip.id] });
    expect(await list({ label_id: hot.id })).toEqual([]);

    const foreign = (await http(other.token, 'POST', '/chat-labels', { name: 'Чужой' })).body;
    const refused = await http(firm.token, 'PUT', `/chats/${pavelChat}/labels`, { label_ids: [foreign.id] });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toHaveProperty('label_ids');
  });

  it('finds messages by their text, server-side, with the conversation and message to jump to', async () => {
    await stack.personWrites(firm.botToken, pavel(), 'Нужен керамогранит 60x60 в прихожую');
    const hits = (await http(firm.token, 'GET', `/chats/search?q=${encodeURIComponent('КЕРАМОГРАНИТ')}`)).body;
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ conversation_id: pavelChat, conversation_name: 'Павел', direction: 'inbound' });
    expect(hits[0].snippet).toContain('керамогранит 60x60');
    const page = (await http(firm.token, 'GET', `/chats/${pavelChat}/messages`)).body;
    expect(page.data.map((m: { id: number }) => m.id)).toContain(hits[0].message_id);
    expect((await http(firm.token, 'GET', '/chats/search?q=k')).status).toBe(400);
    expect((await http(other.token, 'GET', '/chats/search?q=керамогранит')).body).toEqual([]);
  });

  it('sends a reply to the chosen message with its Telegram id, and shows the person’s reply quoting ours', async () => {
    const page = (await http(firm.token, 'GET', `/chats/${pavelChat}/messages`)).body;
    const question = page.data.find((m: { content: string }) => m.content.includes('керамогранит'));
    const reply = await http(firm.token, 'POST', `/chats/${pavelChat}/messages`, { text: 'Есть в наличии, серый и бежевый', reply_to_id: question.id });
    expect(reply.status).toBe(201);
    expect(reply.body.reply_to).toMatchObject({ id: question.id, direction: 'inbound' });
    const sent = await waitFor(
      async () => stack.harness.fake.sent(pavel().id, firm.botToken).find((r) => r.params.text === 'Есть в наличии, серый и бежевый'),
      20_000,
    );
    const params = typeof sent.params.reply_parameters === 'string' ? JSON.parse(sent.params.reply_parameters) : sent.params.reply_parameters;
    expect(params.message_id).toBe(question.telegram_message_id);

    const ours = await waitFor(async () => {
      const m = (await http(firm.token, 'GET', `/chats/${pavelChat}/messages`)).body.data.find((x: { id: number }) => x.id === reply.body.id);
      return m?.telegram_message_id ? m : null;
    }, 20_000);
    const answer = stack.updates.message({
      message_id: 900_000 + Math.floor(Math.random() * 1000),
      from: pavel(),
      chat: { id: pavel().id, type: 'private', first_name: 'Павел' },
      date: Math.floor(Date.now() / 1000),
      text: 'Беру серый',
      reply_to_message: {
        message_id: ours.telegram_message_id,
        chat: { id: pavel().id, type: 'private' },
        date: Math.floor(Date.now() / 1000),
        text: ours.content,
      },
    } as never);
    await stack.deliver(firm.botToken, answer);
    const quoted = (await http(firm.token, 'GET', `/chats/${pavelChat}/messages`)).body.data.find((m: { content: string }) => m.content === 'Беру серый');
    expect(quoted.reply_to).toMatchObject({ id: reply.body.id, direction: 'outbound', content: 'Есть в наличии, серый и бежевый' });

    const foreignMessage = await http(firm.token, 'POST', `/chats/${olgaChat}/messages`, { text: 'x', reply_to_id: question.id });
    expect(foreignMessage.status).toBe(400);
    expect(foreignMessage.body.fields).toHaveProperty('reply_to_id');
  }, 60_000);

  it('keeps another organization out of the inbox', async () => {
    expect(await counts(other.token)).toEqual({ mine: 0, unassigned: 0, needs_manager: 0, unread: 0, all: 0, resolved: 0 });
    for (const [method, url, body] of [
      ['POST', `/chats/${olgaChat}/resolve`],
      ['POST', `/chats/${olgaChat}/reopen`],
      ['POST', `/chats/${olgaChat}/notes`, { content: 'x' }],
      ['GET', `/chats/${olgaChat}/quick-replies`],
      ['PUT', `/chats/${olgaChat}/labels`, { label_ids: [] }],
    ] as const) {
      expect([method, url, (await http(other.token, method, url, body)).status]).toEqual([method, url, 404]);
    }
    expect((await leadChat(olga)).state).toBe('open');
  });
});
