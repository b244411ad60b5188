import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createEventHub, type CrmEvent } from '@crm/core';
import { createTestApi, type TestApi } from '@crm/testing/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

async function board(auth: Record<string, string>) {
  const res = await api.http
    .get('/api/leads')
    .set(auth)
    .query({ sort: JSON.stringify(['position', 'ASC']), range: JSON.stringify([0, 499]) });
  const columns: Record<string, string[]> = {};
  for (const lead of res.body) (columns[lead.status] ??= []).push(lead.name);
  for (const lead of res.body) expect(lead.position).toBe(columns[lead.status].indexOf(lead.name));
  return columns;
}

async function freshBoard(names: string[]) {
  const { token } = await api.register();
  const auth = { Authorization: `Bearer ${token}` };
  const ids: Record<string, number> = {};
  for (const name of names) ids[name] = (await api.http.post('/api/leads').set(auth).send({ name })).body.id;
  return { auth, ids };
}

describe('POST /api/leads/:id/move', () => {
  it('re-orders within a column and keeps positions dense', async () => {
    const { auth, ids } = await freshBoard(['A', 'B', 'C', 'D']);
    const res = await api.http.post(`/api/leads/${ids.D}/move`).set(auth).send({ status: 'new', position: 1 });
    expect(res.status).toBe(200);
    expect(await board(auth)).toEqual({ new: ['A', 'D', 'B', 'C'] });
    await api.http.post(`/api/leads/${ids.A}/move`).set(auth).send({ status: 'new', position: 3 });
    expect(await board(auth)).toEqual({ new: ['D', 'B', 'C', 'A'] });
  });

  it('moves across columns, closing the gap and clamping past the end', async () => {
    const { auth, ids } = await freshBoard(['A', 'B', 'C']);
    await api.http.post(`/api/leads/${ids.B}/move`).set(auth).send({ status: 'qualified', position: 0 });
    const far = await api.http.post(`/api/leads/${ids.A}/move`).set(auth).send({ status: 'qualified', position: 99 });
    expect(far.body.position).toBe(1);
    expect(await board(auth)).toEqual({ new: ['C'], qualified: ['B', 'A'] });
  });

  it('validates the move and names the field', async () => {
    const { auth, ids } = await freshBoard(['A']);
    const bad = await api.http.post(`/api/leads/${ids.A}/move`).set(auth).send({ status: 'archived', position: -1 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['position', 'status']);
  });

  it('serializes concurrent moves into the same column: positions stay dense and unique', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `L${i}`);
    const { auth, ids } = await freshBoard(names);
    const moves = names.slice(0, 8).map((name, i) =>
      api.http
        .post(`/api/leads/${ids[name]}/move`)
        .set(auth)
        .send({ status: 'measurement', position: i % 3 }),
    );
    const results = await Promise.all(moves);
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    const columns = await board(auth);
    expect(columns.measurement).toHaveLength(8);
    expect(columns.new).toEqual(names.slice(8));
  });

  it('keeps columns dense when a status changes by edit or a lead is deleted', async () => {
    const { auth, ids } = await freshBoard(['A', 'B', 'C']);
    await api.http.put(`/api/leads/${ids.A}`).set(auth).send({ status: 'won' });
    await api.http.delete(`/api/leads/${ids.B}`).set(auth);
    expect(await board(auth)).toEqual({ new: ['C'], won: ['A'] });
  });
});

describe('a Kanban column at scale', () => {
  it('pages a column by key and counts it on the server, the closed columns narrowed to a recent window', async () => {
    const { token, org } = await api.register();
    const auth = { Authorization: `Bearer ${token}` };
    const orgId = org.id;
    // Volume, not a story: 75 new leads, 40 won of which 30 long ago.
    await api.sequelize.query(
      `
      INSERT INTO leads (org_id, name, status, position, budget_amount, status_changed_at)
      SELECT :orgId, 'New ' || i, 'new', i - 1, 1000.10, now() FROM generate_series(1, 75) i;
      INSERT INTO leads (org_id, name, status, position, budget_amount, status_changed_at)
      SELECT :orgId, 'Won ' || i, 'won', i - 1, 500.05, CASE WHEN i <= 10 THEN now() - interval '2 days' ELSE now() - interval '90 days' END
      FROM generate_series(1, 40) i;`,
      { replacements: { orgId } },
    );

    const page = async (filter: Record<string, unknown>) => {
      const res = await api.http
        .get('/api/leads')
        .set(auth)
        .query({ sort: JSON.stringify(['position', 'ASC']), range: JSON.stringify([0, 29]), filter: JSON.stringify(filter) })
        .expect(200);
      return res.body as { name: string; position: number }[];
    };
    const seen: string[] = [];
    let after: number | undefined;
    for (;;) {
      const rows = await page({ status: 'new', ...(after === undefined ? {} : { position_gte: after + 1 }) });
      seen.push(...rows.map((r) => r.name));
      if (rows.length < 30) break;
      after = rows[rows.length - 1].position;
    }
    expect(seen).toEqual(Array.from({ length: 75 }, (_, i) => `New ${i + 1}`));

    expect(await page({ status: 'won', closed_within_days: 30 })).toHaveLength(10);
    const recent = await api.http
      .get('/api/leads/totals')
      .set(auth)
      .query({ filter: JSON.stringify({ closed_within_days: 30 }) })
      .expect(200);
    expect(recent.body.find((c: { status: string }) => c.status === 'new')).toEqual({
      status: 'new',
      count: 75,
      budgets: [{ currency: 'RUB', amount: '75007.50' }],
    });
    expect(recent.body.find((c: { status: string }) => c.status === 'won')).toEqual({
      status: 'won',
      count: 10,
      budgets: [{ currency: 'RUB', amount: '5000.50' }],
    });
    const all = await api.http.get('/api/leads/totals').set(auth).expect(200);
    expect(all.body.find((c: { status: string }) => c.status === 'won').count).toBe(40);

    const bad = await api.http
      .get('/api/leads/totals')
      .set(auth)
      .query({ filter: JSON.stringify({ closed_within_days: 'soon' }) });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields)).toEqual(['filter.closed_within_days']);
  });

  it('dates a lead’s arrival in a column and announces a move to the organization on commit', async () => {
    const { auth, ids } = await freshBoard(['A']);
    const me = await api.http.get(`/api/leads/${ids.A}`).set(auth);
    const hub = createEventHub(process.env.CRM_TEST_DATABASE_URL!, pino({ level: 'silent' }));
    await hub.ready();
    try {
      const heard = new Promise<CrmEvent>((resolve) => {
        hub.subscribe(me.body.org_id, resolve);
      });
      const before = Date.now();
      const moved = await api.http.post(`/api/leads/${ids.A}/move`).set(auth).send({ status: 'lost', position: 0, lost_reason: 'Too expensive' }).expect(200);
      expect(new Date(moved.body.status_changed_at).getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(await heard).toEqual({ org_id: me.body.org_id, type: 'lead.updated', data: { id: ids.A, lead_id: ids.A } });
      // A lost lead that just arrived is within the recent window.
      const lost = await api.http
        .get('/api/leads')
        .set(auth)
        .query({ filter: JSON.stringify({ status: 'lost', closed_within_days: 1 }) })
        .expect(200);
      expect(lost.body.map((l: { id: number }) => l.id)).toEqual([ids.A]);
    } finally {
      await hub.close();
    }
  });
});
