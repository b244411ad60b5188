import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatMessage, QueryTypes } from '@crm/database';
import { absorbSignInLead } from '@crm/core';
import { bearer } from '@crm/testing/api';
import { startChatHarness, type ChatHarness } from '@crm/testing/chat-harness';

// The chat list reads each kind of thread in index order (a person's own thread keeps its last
// message time and unread count on the user row) and counts no further than it needs to. Whatever
// writes a person's message, the list must show the same as counting the messages would.
let h: ChatHarness;
let a: Awaited<ReturnType<ChatHarness['org']>>;

beforeAll(async () => {
  h = await startChatHarness({ name: 'conversation-list' });
  a = await h.org();
});
afterAll(async () => h?.close());

const get = (path: string) => h.api.http.get(path).set(bearer(a.token));
const chat = async (id: string) => (await get(`/api/chats/${id}`)).body as { unread_count: number; last_message_at: string | null };

/** What the thread's messages say, counted the slow way. */
async function counted(userId: number) {
  const [row] = await h.sequelize.query<{ last_at: Date | null; unread: number }>(
    `SELECT max(created_at) AS last_at, count(*) FILTER (WHERE direction = 'inbound' AND read_at IS NULL)::int AS unread
     FROM chat_messages WHERE user_id = :id AND lead_id IS NULL AND group_id IS NULL`,
    { replacements: { id: userId }, type: QueryTypes.SELECT },
  );
  return { unread_count: row!.unread, last_message_at: row!.last_at ? new Date(row!.last_at).toISOString() : null };
}

describe("a person's own thread", () => {
  it('keeps its unread count and last message time through messages stored, replied, read, moved in and deleted', async () => {
    const worker = await h.user(a.org.id, 'worker', 'Пётр Монтажник');
    expect((await get('/api/chats?range=[0,99]')).body.map((c: { id: string }) => c.id)).not.toContain(`user-${worker.id}`);

    await h.inbound({ org_id: a.org.id, user: worker }, 'Отчёт за день');
    await h.inbound({ org_id: a.org.id, user: worker }, 'Ещё фото');
    expect(await chat(`user-${worker.id}`)).toMatchObject(await counted(worker.id));
    expect((await chat(`user-${worker.id}`)).unread_count).toBe(2);

    const reply = await h.api.http.post(`/api/chats/user-${worker.id}/messages`).set(bearer(a.token)).send({ text: 'Принято' });
    expect(reply.status).toBe(201);
    const afterReply = await chat(`user-${worker.id}`);
    expect(afterReply).toMatchObject({ ...(await counted(worker.id)), unread_count: 2 });
    expect(afterReply.last_message_at).toBe(new Date(reply.body.created_at).toISOString());
    const list = (await get('/api/chats?range=[0,9]')).body as { id: string }[];
    expect(list[0]!.id).toBe(`user-${worker.id}`);

    expect((await h.api.http.post(`/api/chats/user-${worker.id}/read`).set(bearer(a.token))).status).toBe(200);
    expect(await chat(`user-${worker.id}`)).toMatchObject({ ...(await counted(worker.id)), unread_count: 0 });

    // A worker who pressed Start before signing in: the lead's messages move into their own thread.
    const chatId = worker.telegram_id!;
    const lead = await h.lead(a.org.id);
    await lead.update({ telegram_id: chatId, chat_id: chatId });
    await h.inbound({ org_id: a.org.id, lead }, '/start');
    expect(await absorbSignInLead(h.sequelize, a.org.id, chatId, worker.id)).toBe(true);
    expect(await chat(`user-${worker.id}`)).toMatchObject({ ...(await counted(worker.id)), unread_count: 1 });

    // Deleting the newest message takes the thread back to the one before.
    const newest = await ChatMessage.findOne({ where: { user_id: worker.id, lead_id: null }, order: [['created_at', 'DESC']] });
    await newest!.destroy();
    expect(await chat(`user-${worker.id}`)).toMatchObject(await counted(worker.id));
    // Bookkeeping on the user row never signs the person out.
    const [versions] = await h.sequelize.query<{ token_version: number }>('SELECT token_version FROM users WHERE id = :id', {
      replacements: { id: worker.id },
      type: QueryTypes.SELECT,
    });
    expect(versions!.token_version).toBe(0);
  });
});

describe('a firm with more conversations than are worth counting', () => {
  const LEADS = 1100;
  beforeAll(async () => {
    await h.sequelize.query(
      `INSERT INTO leads (org_id, telegram_id, chat_id, name, status, position, last_message_at, created_at)
       SELECT :org, 7100000000 + g, 7100000000 + g, 'Лид ' || g, 'new', 1000 + g,
         CASE WHEN g % 7 <> 0 THEN timestamptz '2026-06-01' - (g / 2) * interval '1 minute' END, timestamptz '2026-01-01' + (g % 3) * interval '1 day'
       FROM generate_series(1, ${LEADS}) g`,
      { replacements: { org: a.org.id } },
    );
  });

  it('pages in list order and says "more than" instead of counting every conversation', async () => {
    const all = await h.sequelize.query<{ id: string }>(
      `SELECT id FROM (
         SELECT 'lead-' || id AS id, last_message_at, created_at, id AS ref_id, 'lead' AS kind FROM leads WHERE org_id = :org
         UNION ALL SELECT 'user-' || id, last_message_at, created_at, id, 'user' FROM users WHERE org_id = :org AND last_message_at IS NOT NULL
       ) c ORDER BY last_message_at DESC NULLS LAST, created_at DESC, ref_id DESC, kind`,
      { replacements: { org: a.org.id }, type: QueryTypes.SELECT },
    );
    const first = await get('/api/chats?range=[0,24]');
    expect(first.headers['content-range']).toBe('chats 0-24/*');
    expect(first.body.map((c: { id: string }) => c.id)).toEqual(all.slice(0, 25).map((c) => c.id));

    const deep = await get('/api/chats?range=[1060,1084]');
    expect(deep.body.map((c: { id: string }) => c.id)).toEqual(all.slice(1060, 1085).map((c) => c.id));
    expect(deep.headers['content-range']).toBe('chats 1060-1084/*');

    const last = await get(`/api/chats?range=[${all.length - 5},${all.length + 19}]`);
    expect(last.headers['content-range']).toBe(`chats ${all.length - 5}-${all.length - 1}/${all.length}`);

    const filtered = await get(`/api/chats?range=[0,9]&filter=${encodeURIComponent(JSON.stringify({ kind: 'user' }))}`);
    expect(filtered.headers['content-range']).toBe(`chats 0-0/${filtered.body.length}`);
    const byIds = await get(`/api/chats?filter=${encodeURIComponent(JSON.stringify({ id: [all[3]!.id, all[700]!.id, 'lead-999999'] }))}`);
    expect(byIds.body.map((c: { id: string }) => c.id).sort()).toEqual([all[3]!.id, all[700]!.id].sort());
  });

  it('counts a resource list up to a cap, exactly below it and on deep pages', async () => {
    const list = (query: Record<string, unknown>) =>
      h.api.http
        .get('/api/leads')
        .set(bearer(a.token))
        .query(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, JSON.stringify(v)])));
    const [{ n }] = await h.sequelize.query<{ n: number }>('SELECT count(*)::int AS n FROM leads WHERE org_id = :org', {
      replacements: { org: a.org.id },
      type: QueryTypes.SELECT,
    });
    expect((await list({ range: [0, 24] })).headers['content-range']).toBe('leads 0-24/*');
    expect((await list({ range: [975, 999] })).headers['content-range']).toBe('leads 975-999/*');
    expect((await list({ range: [1090, 1114] })).headers['content-range']).toBe(`leads 1090-${n - 1}/${n}`);
    expect((await list({ range: [5000, 5024] })).headers['content-range']).toBe(`leads 5000-5000/${n}`);
    expect((await list({ range: [0, 24], filter: { q: 'Лид 105' } })).headers['content-range']).toBe('leads 0-10/11');
    const few = await list({ range: [0, 4], filter: { position_gte: 2050 } });
    expect(few.headers['content-range']).toBe('leads 0-4/51');
  });
});
