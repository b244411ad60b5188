import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatMessage, Lead, User } from '@crm/database';
import { mediaKey } from '@crm/core';
import { bearer } from '@crm/testing/api';
import { startChatHarness, waitFor, type ChatHarness } from '@crm/testing/chat-harness';

let h: ChatHarness;
let a: Awaited<ReturnType<ChatHarness['org']>>;
let b: Awaited<ReturnType<ChatHarness['org']>>;

beforeAll(async () => {
  h = await startChatHarness();
  await h.worker.start();
  a = await h.org();
  b = await h.org();
});
afterAll(async () => h?.close());

const get = (path: string, token = a.token) => h.api.http.get(path).set(bearer(token));

describe('conversations list', () => {
  it('lists leads and staff threads with last message, unread count, person, status and manager', async () => {
    const manager = await h.user(a.org.id, 'manager', 'Мария Петрова');
    const anna = await h.lead(a.org.id, { name: 'Анна Смирнова', username: 'anna_s', phone: '+79001112233' });
    const boris = await h.lead(a.org.id, { name: 'Boris', username: 'boris_b', status: 'qualified' });
    await Lead.update({ manager_id: manager.id, needs_manager: true }, { where: { id: boris.id } });
    const worker = await h.user(a.org.id, 'worker', 'Иван Рабочий');
    await h.lead(a.org.id, { name: 'Silent lead' }); // has a Telegram chat, no messages yet
    await h.inbound({ org_id: a.org.id, lead: anna }, 'Здравствуйте, нужен ремонт ванной');
    await h.inbound({ org_id: a.org.id, lead: anna }, 'Площадь 6 м²');
    await h.inbound({ org_id: a.org.id, user: worker }, 'Отчёт: плитка уложена');
    await h.inbound({ org_id: a.org.id, lead: boris }, 'Hello, kitchen renovation please');

    const res = await get('/api/chats?range=[0,9]');
    expect(res.status).toBe(200);
    expect(res.headers['content-range']).toBe(`chats 0-${res.body.length - 1}/${res.body.length}`);
    const ids = res.body.map((c: { id: string }) => c.id);
    // newest message first; the silent lead (no messages) is listed after those with messages
    expect(ids.slice(0, 3)).toEqual([`lead-${boris.id}`, `user-${worker.id}`, `lead-${anna.id}`]);

    const annaChat = res.body.find((c: { id: string }) => c.id === `lead-${anna.id}`);
    expect(annaChat).toMatchObject({
      kind: 'lead',
      lead_id: anna.id,
      status: 'new',
      unread_count: 2,
      ai_enabled: true,
      needs_manager: false,
      unreachable: false,
      person: { name: 'Анна Смирнова', username: 'anna_s', phone: '+79001112233', role: 'lead' },
      last_message: { direction: 'inbound', content: 'Площадь 6 м²', kind: 'text' },
      manager: null,
    });
    expect(res.body.find((c: { id: string }) => c.id === `lead-${boris.id}`)).toMatchObject({
      status: 'qualified',
      needs_manager: true,
      manager_id: manager.id,
      manager: { id: manager.id, name: 'Мария Петрова' },
    });
    expect(res.body.find((c: { id: string }) => c.id === `user-${worker.id}`)).toMatchObject({
      kind: 'user',
      user_id: worker.id,
      lead_id: null,
      status: null,
      unread_count: 1,
      person: { name: 'Иван Рабочий', role: 'worker' },
      last_message: { content: 'Отчёт: плитка уложена' },
    });
  });

  it('searches by name, username and phone, filters, and pages with Content-Range', async () => {
    const byName = await get(`/api/chats?filter=${encodeURIComponent(JSON.stringify({ q: 'смирнова' }))}`);
    expect(byName.body.map((c: { person: { name: string } }) => c.person.name)).toEqual(['Анна Смирнова']);
    expect((await get('/api/chats?q=boris_b')).body).toHaveLength(1);
    expect((await get('/api/chats?q=1112233')).body[0].person.phone).toBe('+79001112233');
    expect((await get('/api/chats?q=%25')).body).toHaveLength(0); // LIKE wildcards are literal

    const users = await get(`/api/chats?filter=${encodeURIComponent(JSON.stringify({ kind: 'user' }))}`);
    expect(users.body.every((c: { kind: string }) => c.kind === 'user')).toBe(true);
    const unread = await get(`/api/chats?filter=${encodeURIComponent(JSON.stringify({ unread: true, status: ['qualified'] }))}`);
    expect(unread.body.map((c: { person: { name: string } }) => c.person.name)).toEqual(['Boris']);

    const page = await get('/api/chats?range=[1,2]&sort=["name","ASC"]');
    expect(page.status).toBe(200);
    expect(page.body).toHaveLength(2);
    expect(page.headers['content-range']).toMatch(/^chats 1-2\/4$/);
    expect((await get('/api/chats?sort=["password","ASC"]')).status).toBe(400);
    expect((await get('/api/chats?range=[0')).body).toMatchObject({
      error: 'validation',
      fields: { range: { code: expect.any(String), message: expect.any(String) } },
    });
  });
});

describe('messages', () => {
  it('pages newest first by cursor, with an album as one message whose media carry signed URLs', async () => {
    const lead = await h.lead(a.org.id, { name: 'Pager' });
    const sent: number[] = [];
    for (let i = 1; i <= 12; i++) sent.push((await h.inbound({ org_id: a.org.id, lead }, `m${i}`)).id);
    const keys = [mediaKey(a.org.id, { ext: 'jpg' }), mediaKey(a.org.id, { ext: 'jpg' })];
    for (const key of keys) await h.storage.put(key, Buffer.from(`photo ${key}`), { contentType: 'image/jpeg' });
    const album = [
      await h.inbound({ org_id: a.org.id, lead }, 'Кухня', {
        media: [{ type: 'photo', key: keys[0], mime_type: 'image/jpeg', width: 800, height: 600 }],
        media_group_id: 'g-1',
      }),
      await h.inbound({ org_id: a.org.id, lead }, '', { media: [{ type: 'photo', key: keys[1], mime_type: 'image/jpeg' }], media_group_id: 'g-1' }),
      await h.inbound({ org_id: a.org.id, lead }, '', { media: [{ type: 'photo', file_id: 'pending' }], media_group_id: 'g-1' }),
    ];
    for (let i = 13; i <= 15; i++) sent.push((await h.inbound({ org_id: a.org.id, lead }, `m${i}`)).id);

    const seen: { id: number; content: string; kind: string }[] = [];
    let before: number | null | undefined;
    let pages = 0;
    do {
      const res = await get(`/api/chats/lead-${lead.id}/messages?limit=4${before ? `&before=${before}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.data);
      expect(res.body.has_more).toBe(res.body.next_before !== null);
      before = res.body.next_before;
      pages++;
    } while (before && pages < 10);

    // every message exactly once, newest first, the album once as one message
    expect(seen.map((m) => m.id)).toEqual([...sent.slice(12).reverse(), album[0]!.id, ...sent.slice(0, 12).reverse()]);
    const albumView = seen.find((m) => m.id === album[0]!.id) as any;
    expect(albumView).toMatchObject({
      kind: 'album',
      content: 'Кухня',
      media_group_id: 'g-1',
      message_ids: album.map((m) => m.id),
      conversation_id: `lead-${lead.id}`,
    });
    expect(albumView.media).toHaveLength(3);
    expect(albumView.media[2].url).toBeNull(); // not fetched from Telegram yet
    const signed = new URL(albumView.media[0].url);
    expect(signed.pathname).toBe(`/api/media/${keys[0]}`);
    const download = await h.api.http.get(`${signed.pathname}${signed.search}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('image/jpeg');
    expect(download.body.toString()).toBe(`photo ${keys[0]}`);

    // a page boundary inside the album: the album comes whole on the page reaching its newest row, and not again
    const first = await get(`/api/chats/lead-${lead.id}/messages?limit=5`);
    expect(first.body.data.map((m: { id: number }) => m.id)).toEqual([...sent.slice(12).reverse(), album[0]!.id]);
    expect(first.body.next_before).toBe(album[1]!.id);
    const second = await get(`/api/chats/lead-${lead.id}/messages?limit=2&before=${first.body.next_before}`);
    expect(second.body.data.map((m: { id: number }) => m.id)).toEqual([sent[11]]);
  });

  it('rejects a bad page and answers 404 for unknown conversations', async () => {
    const lead = await h.lead(a.org.id);
    const bad = await get(`/api/chats/lead-${lead.id}/messages?limit=500`);
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toHaveProperty('limit');
    expect((await get('/api/chats/lead-999999999/messages')).status).toBe(404);
    expect((await get('/api/chats/nonsense/messages')).status).toBe(404);
  });
});

describe('replying', () => {
  it('stores the attachment, queues the reply, pauses the AI and delivers it to Telegram', async () => {
    const lead = await h.lead(a.org.id, { name: 'Reply target' });
    await h.inbound({ org_id: a.org.id, lead }, 'Пришлите смету');
    const res = await h.api.http
      .post(`/api/chats/lead-${lead.id}/messages`)
      .set(bearer(a.token))
      .field('text', 'Смета во вложении')
      .attach('files', Buffer.from('\xff\xd8\xff\xe0 jpeg', 'latin1'), { filename: 'smeta.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      direction: 'outbound',
      status: 'queued',
      content: 'Смета во вложении',
      sender_id: a.user.id,
      conversation_id: `lead-${lead.id}`,
      kind: 'photo',
      media: [{ type: 'photo', file_name: 'smeta.jpg', mime_type: 'image/jpeg', url: expect.stringContaining('/api/media/org/') }],
    });
    const row = await ChatMessage.findByPk(res.body.id);
    expect(row).toMatchObject({ org_id: a.org.id, lead_id: lead.id, chat_id: lead.chat_id, status: expect.stringMatching(/queued|sending|sent/) });
    expect(await h.storage.exists(row!.media[0]!.key!)).toBe(true);
    expect(await Lead.findByPk(lead.id)).toMatchObject({ ai_enabled: false, ai_paused_reason: 'manager_replied' });

    const sent = await waitFor(
      async () => {
        const current = await ChatMessage.findByPk(res.body.id);
        return current?.status === 'sent' ? current : null;
      },
      15_000,
      'delivery',
    );
    expect(sent.telegram_message_id).toEqual(expect.any(Number));
    const [call] = h.fake.sent(lead.chat_id!);
    expect(call).toMatchObject({ method: 'sendPhoto', params: expect.objectContaining({ caption: 'Смета во вложении' }) });
  });

  it('sends plain text as JSON too, and to a worker thread', async () => {
    const worker = await h.user(a.org.id, 'worker');
    await h.inbound({ org_id: a.org.id, user: worker }, 'На объекте');
    const res = await h.api.http.post(`/api/chats/user-${worker.id}/messages`).set(bearer(a.token)).send({ text: 'Спасибо!' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ user_id: worker.id, lead_id: null, kind: 'text', conversation_id: `user-${worker.id}` });
    await waitFor(async () => h.fake.sent(worker.telegram_id!).length === 1, 15_000, 'delivery');
    expect(h.fake.sent(worker.telegram_id!)[0]!.params.text).toBe('Спасибо!');
  });

  it('answers 400 naming the field for an empty reply or too many files', async () => {
    const lead = await h.lead(a.org.id);
    const empty = await h.api.http.post(`/api/chats/lead-${lead.id}/messages`).set(bearer(a.token)).field('text', '  ');
    expect(empty.status).toBe(400);
    expect(empty.body.fields).toHaveProperty('text');
    let tooMany = h.api.http.post(`/api/chats/lead-${lead.id}/messages`).set(bearer(a.token));
    for (let i = 0; i < 11; i++) tooMany = tooMany.attach('files', Buffer.from('x'), `f${i}.txt`);
    const res = await tooMany;
    expect(res.status).toBe(400);
    expect(res.body.fields).toHaveProperty('files');
    expect(await ChatMessage.count({ where: { lead_id: lead.id } })).toBe(0);

    const offline = await Lead.create({ org_id: a.org.id, name: 'Walk-in', position: 900_000 + lead.id, source: 'manual' });
    const noChat = await h.api.http
      .post(`/api/chats/lead-${offline.id}/messages`)
      .set(bearer(a.token))
      .field('text', 'hello')
      .attach('files', Buffer.from('x'), 'a.txt');
    expect(noChat.status).toBe(400);
    expect(noChat.body.fields).toHaveProperty('conversation');
  });
});

describe('read and assign', () => {
  it('marks a conversation read', async () => {
    const lead = await h.lead(a.org.id);
    const m1 = await h.inbound({ org_id: a.org.id, lead }, 'one');
    await h.inbound({ org_id: a.org.id, lead }, 'two');
    const res = await h.api.http.post(`/api/chats/lead-${lead.id}/read`).set(bearer(a.token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: `lead-${lead.id}`, unread_count: 0, marked: 2 });
    expect((await Lead.findByPk(lead.id))!.unread_count).toBe(0);
    expect((await ChatMessage.findByPk(m1.id))!.read_at).toBeInstanceOf(Date);
  });

  it('assigns a manager of the same organization only', async () => {
    const lead = await h.lead(a.org.id);
    await h.inbound({ org_id: a.org.id, lead }, 'hi');
    const manager = await h.user(a.org.id, 'manager', 'Олег');
    const put = (body: unknown) =>
      h.api.http
        .put(`/api/chats/lead-${lead.id}/assign`)
        .set(bearer(a.token))
        .send(body as object);

    const ok = await put({ manager_id: manager.id });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ manager_id: manager.id, manager: { id: manager.id, name: 'Олег' } });
    expect((await Lead.findByPk(lead.id))!.manager_id).toBe(manager.id);

    const foreign = await h.user(b.org.id, 'manager');
    const worker = await h.user(a.org.id, 'worker');
    for (const body of [{ manager_id: foreign.id }, { manager_id: worker.id }, { manager_id: 'abc' }, {}]) {
      const res = await put(body);
      expect(res.status).toBe(400);
      expect(res.body.fields).toHaveProperty('manager_id');
    }
    expect((await Lead.findByPk(lead.id))!.manager_id).toBe(manager.id);
    expect((await put({ manager_id: null })).body.manager).toBeNull();
  });
});

describe('tenant isolation', () => {
  it('never shows or touches another organization’s conversation', async () => {
    const lead = await h.lead(a.org.id, { name: 'Private A' });
    await h.inbound({ org_id: a.org.id, lead }, 'secret');
    const worker = await h.user(a.org.id, 'worker');
    await h.inbound({ org_id: a.org.id, user: worker }, 'secret report');

    const list = await get('/api/chats?range=[0,99]', b.token);
    expect(list.body.map((c: { id: string }) => c.id)).not.toContain(`lead-${lead.id}`);
    expect(list.body.every((c: { person: { name: string } }) => c.person.name !== 'Private A')).toBe(true);

    for (const id of [`lead-${lead.id}`, `user-${worker.id}`, String(lead.id)]) {
      expect((await get(`/api/chats/${id}`, b.token)).status).toBe(404);
      expect((await get(`/api/chats/${id}/messages`, b.token)).status).toBe(404);
      expect((await h.api.http.post(`/api/chats/${id}/messages`).set(bearer(b.token)).send({ text: 'hijack' })).status).toBe(404);
      expect((await h.api.http.post(`/api/chats/${id}/read`).set(bearer(b.token))).status).toBe(404);
      expect((await h.api.http.put(`/api/chats/${id}/assign`).set(bearer(b.token)).send({ manager_id: b.user.id })).status).toBe(404);
    }
    const after = await Lead.findByPk(lead.id);
    expect(after).toMatchObject({ unread_count: 1, manager_id: null, ai_enabled: true });
    expect(await ChatMessage.count({ where: { lead_id: lead.id, direction: 'outbound' } })).toBe(0);
    expect(await User.count({ where: { id: worker.id, manager_id: b.user.id } })).toBe(0);
  });

  it('needs a staff token', async () => {
    expect((await h.api.http.get('/api/chats')).status).toBe(401);
  });
});
