import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryTypes } from '@crm/database';
import { bearer, createTestApi, type TestApi } from '@crm/testing/api';

// Lists of a firm with more rows than a page: deep pages are found by ids first, a search sorts and
// counts its matches up to the cap, a short page reports its own total. The answers must not change with the shape.
let api: TestApi;
let auth: ReturnType<typeof bearer>;
let other: ReturnType<typeof bearer>;
let orgId: number;
const LEADS = 620;

beforeAll(async () => {
  api = await createTestApi();
  const a = await api.register();
  const b = await api.register();
  auth = bearer(a.token);
  other = bearer(b.token);
  orgId = a.org.id;
  // Activity times collide in pairs, so the id tie-break decides the order inside each pair.
  for (const org of [a.org.id, b.org.id]) {
    await api.sequelize.query(
      `INSERT INTO leads (org_id, name, phone, status, position, last_activity_at)
       SELECT :org, CASE WHEN g % 10 = 0 THEN 'Смирнова ' ELSE 'Иванов ' END || g, '+7 900 ' || lpad(g::text, 7, '0'), 'new', g,
         timestamptz '2026-06-01' - (g / 2) * interval '1 hour'
       FROM generate_series(1, ${LEADS}) g`,
      { replacements: { org } },
    );
  }
});
afterAll(async () => {
  await api.close();
});

const list = (resource: string, query: Record<string, unknown>, who = auth) =>
  api.http
    .get(`/api/${resource}`)
    .set(who)
    .query(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, JSON.stringify(v)])));

async function expected(order: string, offset: number, limit: number) {
  const rows = await api.sequelize.query<{ id: number }>(`SELECT id FROM leads WHERE org_id = :orgId ORDER BY ${order} OFFSET :offset LIMIT :limit`, {
    replacements: { orgId, offset, limit },
    type: QueryTypes.SELECT,
  });
  return rows.map((r) => r.id);
}

describe('large lists', () => {
  it('answers a deep page in list order, ties broken by id, with the full total', async () => {
    const res = await list('leads', { sort: ['last_activity_at', 'DESC'], range: [560, 584] });
    expect(res.status).toBe(200);
    expect(res.headers['content-range']).toBe(`leads 560-584/${LEADS}`);
    expect(res.body.map((l: { id: number }) => l.id)).toEqual(await expected('last_activity_at DESC, id DESC', 560, 25));
    expect(res.body[0]).toMatchObject({ org_id: orgId, status: 'new' });
    expect(res.body[0]).not.toHaveProperty('total_matches');
    const asc = await list('leads', { sort: ['last_activity_at', 'ASC'], range: [500, 509] });
    expect(asc.body.map((l: { id: number }) => l.id)).toEqual(await expected('last_activity_at ASC, id ASC', 500, 10));
  });

  it('reports the total of a last page and of a page past the end', async () => {
    const last = await list('leads', { sort: ['last_activity_at', 'DESC'], range: [600, 649] });
    expect(last.headers['content-range']).toBe(`leads 600-619/${LEADS}`);
    expect(last.body).toHaveLength(20);
    const past = await list('leads', { sort: ['last_activity_at', 'DESC'], range: [700, 724] });
    expect(past.body).toEqual([]);
    expect(past.headers['content-range']).toBe(`leads 700-700/${LEADS}`);
    const deepPast = await list('leads', { range: [5000, 5024] });
    expect(deepPast.body).toEqual([]);
    expect(deepPast.headers['content-range']).toBe(`leads 5000-5000/${LEADS}`);
  });

  it('searches with the number of matches, within the organization only', async () => {
    const first = await list('leads', { filter: { q: 'мирнова' }, sort: ['name', 'ASC'], range: [0, 9] });
    expect(first.status).toBe(200);
    expect(first.headers['content-range']).toBe(`leads 0-9/${LEADS / 10}`);
    expect(first.body.every((l: { name: string; org_id: number }) => l.name.startsWith('Смирнова') && l.org_id === orgId)).toBe(true);
    expect(first.body[0]).not.toHaveProperty('total_matches');
    const past = await list('leads', { filter: { q: 'мирнова' }, range: [100, 109] });
    expect(past.body).toEqual([]);
    expect(past.headers['content-range']).toBe(`leads 100-100/${LEADS / 10}`);
    const none = await list('leads', { filter: { q: 'Петров' } });
    expect(none.headers['content-range']).toBe('leads 0-0/0');
    const phone = await list('leads', { filter: { q: '0000620' } }, other);
    expect(phone.body).toHaveLength(1);
    expect(phone.body[0].org_id).not.toBe(orgId);
  });
  it('matches a search within one field, never across two', async () => {
    // The search reads a lead's fields as one text with chr(1) between them: text spanning two
    // fields (whatever could join them) or holding chr(1) itself matches nothing.
    await api.sequelize.query(
      `INSERT INTO leads (org_id, name, username, phone, status, position) VALUES (:orgId, 'Край', 'поле', '+7 901 5550000', 'qualified', 0)`,
      { replacements: { orgId } },
    );
    const names = async (q: string) => (await list('leads', { filter: { q } })).body.map((l: { name: string }) => l.name);
    for (const q of ['Крайполе', 'Край поле', 'Край\u0001поле', 'поле+7', 'поле +7', 'Край\u0001']) expect(await names(q)).toEqual([]);
    for (const q of ['Край', 'ПОЛЕ', '901 555', 'рай']) expect(await names(q)).toEqual(['Край']);
    const phone = await list('leads', { filter: { q: '900 0000001' } });
    expect(phone.body.map((l: { name: string }) => l.name)).toEqual(['Иванов 1']);
    const name = await list('leads', { filter: { q: 'иванов 61' } }); // 610 is a Смирнова
    expect(name.body.map((l: { name: string }) => l.name).sort()).toEqual([
      'Иванов 61',
      'Иванов 611',
      'Иванов 612',
      'Иванов 613',
      'Иванов 614',
      'Иванов 615',
      'Иванов 616',
      'Иванов 617',
      'Иванов 618',
      'Иванов 619',
    ]);
  });
  it("pages a search in list order whether its matches are within the count's cap or past it", async () => {
    const searched = async (q: string, order: string, offset: number, limit: number) =>
      (
        await api.sequelize.query<{ id: number }>(
          `SELECT id FROM leads WHERE org_id = :orgId AND name ILIKE :pattern ORDER BY ${order} OFFSET :offset LIMIT :limit`,
          { replacements: { orgId, pattern: `%${q}%`, offset, limit }, type: QueryTypes.SELECT },
        )
      ).map((r) => r.id);
    const within = await list('leads', { filter: { q: 'Иванов' }, sort: ['last_activity_at', 'ASC'], range: [40, 64] });
    expect(within.headers['content-range']).toBe('leads 40-64/558');
    expect(within.body.map((l: { id: number }) => l.id)).toEqual(await searched('Иванов', 'last_activity_at ASC, id ASC', 40, 25));
    // The oldest leads become matches too: past the cap, and the newest of them far down the list.
    await api.sequelize.query(
      `INSERT INTO leads (org_id, name, status, position, last_activity_at)
       SELECT :orgId, 'Иванов-старший ' || g, 'lost', g, timestamptz '2020-01-01' + g * interval '1 minute' FROM generate_series(1, 500) g`,
      { replacements: { orgId } },
    );
    const past = await list('leads', { filter: { q: 'Иванов' }, sort: ['last_activity_at', 'DESC'], range: [550, 574] });
    expect(past.headers['content-range']).toBe('leads 550-574/*');
    expect(past.body.map((l: { id: number }) => l.id)).toEqual(await searched('Иванов', 'last_activity_at DESC, id DESC', 550, 25));
    const older = await list('leads', { filter: { q: 'старший' }, sort: ['last_activity_at', 'DESC'], range: [0, 24] });
    expect(older.headers['content-range']).toBe('leads 0-24/500');
    expect(older.body.map((l: { id: number }) => l.id)).toEqual(await searched('старший', 'last_activity_at DESC, id DESC', 0, 25));
    const deep = await list('leads', { filter: { q: 'Иванов' }, range: [1040, 1064] });
    expect(deep.body).toHaveLength(18);
    expect(deep.headers['content-range']).toBe('leads 1040-1057/1058');
  });
});

describe("a person's thread", () => {
  it('pages through their own messages only, newest first, leaving out what they wrote in a group', async () => {
    const [user] = await api.sequelize.query<{ id: number }>(
      `INSERT INTO users (org_id, role, name, telegram_id) VALUES (:orgId, 'client', 'Клиент без заявки', 880000001) RETURNING id`,
      { replacements: { orgId }, type: QueryTypes.SELECT },
    );
    const [group] = await api.sequelize.query<{ id: number }>(
      `INSERT INTO telegram_groups (org_id, chat_id, title) VALUES (:orgId, -100880000001, 'Объект') RETURNING id`,
      { replacements: { orgId }, type: QueryTypes.SELECT },
    );
    await api.sequelize.query(
      `INSERT INTO chat_messages (org_id, user_id, group_id, direction, content, status, chat_id)
       SELECT :orgId, :userId, CASE WHEN g % 2 = 0 THEN :groupId END, 'inbound', 'message ' || g, 'received',
         CASE WHEN g % 2 = 0 THEN -100880000001 ELSE 880000001 END
       FROM generate_series(1, 7) g ORDER BY g`,
      { replacements: { orgId, userId: user!.id, groupId: group!.id } },
    );
    const seen: string[] = [];
    let before: number | null = null;
    do {
      const page = await api.http
        .get(`/api/chats/user-${user!.id}/messages`)
        .set(auth)
        .query({ limit: 2, ...(before ? { before } : {}) });
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((m: { content: string }) => m.content));
      before = page.body.next_before;
    } while (before);
    expect(seen).toEqual(['message 7', 'message 5', 'message 3', 'message 1']);
  });
});
