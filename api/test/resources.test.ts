import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatMessage, Document } from '@crm/database';
import { bearer, createTestApi, type TestApi } from '@crm/testing/api';
import { seedOrganization } from './fixtures.js';

let api: TestApi;
let a: Awaited<ReturnType<typeof seedOrganization>>;
beforeAll(async () => {
  api = await createTestApi();
  a = await seedOrganization(api);
});
afterAll(async () => {
  await api.close();
});

const range = (start: number, end: number) => JSON.stringify([start, end]);

describe('ra-data-simple-rest contract', () => {
  it('lists with sort, range and Content-Range totals', async () => {
    for (const name of ['Bravo', 'Alpha', 'Delta', 'Charlie']) await api.http.post('/api/leads').set(a.auth).send({ name });
    const res = await api.http
      .get('/api/leads')
      .set(a.auth)
      .query({ sort: JSON.stringify(['name', 'ASC']), range: range(0, 2) });
    expect(res.status).toBe(200);
    expect(res.headers['content-range']).toBe('leads 0-2/5');
    expect(res.body.map((l: { name: string }) => l.name)).toEqual(['Alpha', 'Bravo', 'Charlie']);
    const page2 = await api.http
      .get('/api/leads')
      .set(a.auth)
      .query({ sort: JSON.stringify(['name', 'ASC']), range: range(3, 5) });
    expect(page2.headers['content-range']).toBe('leads 3-4/5');
    expect(page2.body.map((l: { name: string }) => l.name)).toEqual(['Delta', 'Lead L']);
  });

  it('exposes Content-Range through CORS', async () => {
    const res = await api.http.get('/api/leads').set(a.auth).set('Origin', 'http://example.test');
    expect(res.headers['access-control-expose-headers']).toContain('Content-Range');
  });

  it('filters by q, exact fields, id arrays and _gte/_lte ranges', async () => {
    const q = await api.http
      .get('/api/leads')
      .set(a.auth)
      .query({ filter: JSON.stringify({ q: 'alp' }) });
    expect(q.body.map((l: { name: string }) => l.name)).toEqual(['Alpha']);
    const exact = await api.http
      .get('/api/leads')
      .set(a.auth)
      .query({ filter: JSON.stringify({ source: 'site' }) });
    expect(exact.body).toHaveLength(1);
    const ids = await api.http
      .get('/api/leads')
      .set(a.auth)
      .query({ filter: JSON.stringify({ id: [q.body[0].id, exact.body[0].id] }) });
    expect(ids.body).toHaveLength(2);
    const gte = await api.http
      .get('/api/leads')
      .set(a.auth)
      .query({ filter: JSON.stringify({ budget_amount_gte: 1000000 }) });
    expect(gte.body.map((l: { budget_amount: string }) => l.budget_amount)).toEqual(['1500000.50']);
    const dates = await api.http
      .get('/api/transactions')
      .set(a.auth)
      .query({ filter: JSON.stringify({ occurred_on_gte: '2026-11-01', occurred_on_lte: '2026-11-30' }) });
    expect(dates.body).toHaveLength(1);
    const none = await api.http
      .get('/api/transactions')
      .set(a.auth)
      .query({ filter: JSON.stringify({ occurred_on_lte: '2026-01-01' }) });
    expect(none.body).toEqual([]);
    expect(none.headers['content-range']).toBe('transactions 0-0/0');
    const statuses = await api.http
      .get('/api/leads')
      .set(a.auth)
      .query({ filter: JSON.stringify({ status: ['new', 'won'] }) });
    expect(statuses.body).toHaveLength(5);
  });

  it('gets, updates and deletes one record', async () => {
    const created = await api.http.post('/api/stages').set(a.auth).send({ project_id: a.ids.projects, name: 'Plaster' });
    expect(created.status).toBe(201);
    const one = await api.http.get(`/api/stages/${created.body.id}`).set(a.auth);
    expect(one.body).toMatchObject({ name: 'Plaster', progress_pct: 0, org_id: a.org.id });
    const updated = await api.http
      .put(`/api/stages/${created.body.id}`)
      .set(a.auth)
      .send({ ...one.body, progress_pct: 40, status: 'in_progress' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ progress_pct: 40, status: 'in_progress' });
    const removed = await api.http.delete(`/api/stages/${created.body.id}`).set(a.auth);
    expect(removed.status).toBe(200);
    expect(removed.body.id).toBe(created.body.id);
    expect((await api.http.get(`/api/stages/${created.body.id}`).set(a.auth)).status).toBe(404);
  });

  it('keeps money exact and the project spent budget in step with expenses', async () => {
    await api.http.post('/api/transactions').set(a.auth).send({ project_id: a.ids.projects, amount: 0.1, type: 'expense' });
    await api.http.post('/api/transactions').set(a.auth).send({ project_id: a.ids.projects, amount: '0.20', type: 'expense' });
    await api.http.post('/api/transactions').set(a.auth).send({ project_id: a.ids.projects, amount: '999', type: 'income' });
    const project = await api.http.get(`/api/projects/${a.ids.projects}`).set(a.auth);
    expect(project.body.budget_spent).toBe('12500.30');
    const rejected = await api.http.put(`/api/transactions/${a.ids.transactions}`).set(a.auth).send({ status: 'rejected' });
    expect(rejected.status).toBe(200);
    expect((await api.http.get(`/api/projects/${a.ids.projects}`).set(a.auth)).body.budget_spent).toBe('0.30');
  });

  it("writes a money record only against the organization's own project and stage, naming the field otherwise", async () => {
    const other = await seedOrganization(api);
    const count = async () => (await api.sequelize.query('SELECT count(*)::int AS n FROM transactions', { plain: true })) as { n: number };
    const before = await count();
    const foreignProject = await api.http.post('/api/transactions').set(a.auth).send({ project_id: other.ids.projects, amount: '10', type: 'expense' });
    expect(foreignProject.status).toBe(400);
    expect(foreignProject.body.fields).toEqual({ project_id: { code: 'unknown_reference', message: 'unknown project' } });
    const foreignStage = await api.http
      .post('/api/transactions')
      .set(a.auth)
      .send({ project_id: a.ids.projects, stage_id: other.ids.stages, amount: '10', type: 'expense' });
    expect(foreignStage.status).toBe(400);
    expect(Object.keys(foreignStage.body.fields)).toEqual(['stage_id']);
    const missing = await api.http.post('/api/transactions').set(a.auth).send({ project_id: 2_000_000_000, amount: '10', type: 'expense' });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.fields)).toEqual(['project_id']);
    expect(await count()).toEqual(before);

    const created = await api.http
      .post('/api/transactions')
      .set(a.auth)
      .send({ project_id: a.ids.projects, stage_id: a.ids.stages, amount: '99999999999.99', type: 'expense', description: 'Плитка' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      org_id: a.org.id,
      project_id: a.ids.projects,
      stage_id: a.ids.stages,
      author_id: a.user.id,
      amount: '99999999999.99',
      type: 'expense',
      status: 'confirmed',
      category: 'other',
      description: 'Плитка',
      proof_url: null,
    });
    expect((await api.http.get(`/api/transactions/${created.body.id}`).set(a.auth)).body).toEqual(created.body);
    const tooBig = await api.http.post('/api/transactions').set(a.auth).send({ project_id: a.ids.projects, amount: '1000000000000', type: 'expense' });
    expect(tooBig.status).toBe(400);
    expect(Object.keys(tooBig.body.fields)).toEqual(['amount']);
    await api.http.delete(`/api/transactions/${created.body.id}`).set(a.auth);
  });

  it("dates a money record entered without a day by the organization's calendar, not the server's", async () => {
    // A zone whose date differs from UTC's right now: 14 hours ahead late in the UTC day, 11 behind early in it.
    const zone = new Date().getUTCHours() >= 10 ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
    const firm = await seedOrganization(api);
    expect((await api.http.put(`/api/organizations/${firm.org.id}`).set(firm.auth).send({ timezone: zone })).status).toBe(200);
    const created = await api.http.post('/api/transactions').set(firm.auth).send({ project_id: firm.ids.projects, amount: '10', type: 'income' });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    expect(today).not.toBe(new Date().toISOString().slice(0, 10));
    expect(created.body.occurred_on).toBe(today);
    const given = await api.http
      .post('/api/transactions')
      .set(firm.auth)
      .send({ project_id: firm.ids.projects, amount: '10', type: 'income', occurred_on: '2026-01-31' });
    expect(given.body.occurred_on).toBe('2026-01-31');
  });

  it('takes a lead over from the AI and hands it back, clearing the handoff flag', async () => {
    const lead = await api.http.post('/api/leads').set(a.auth).send({ name: 'Hot lead', needs_manager: true, ai_enabled: false });
    expect(lead.body).toMatchObject({ ai_enabled: false, needs_manager: true });
    const back = await api.http
      .put(`/api/leads/${lead.body.id}`)
      .set(a.auth)
      .send({ ...lead.body, ai_enabled: true });
    expect(back.body).toMatchObject({ ai_enabled: true, needs_manager: false, ai_paused_reason: null });
    const over = await api.http.put(`/api/leads/${lead.body.id}`).set(a.auth).send({ ai_enabled: false });
    expect(over.body.ai_enabled).toBe(false);
  });

  it('never returns the bot token, only has_bot_token', async () => {
    const token = '123456789:AAEhBP0av28vqg7ZkR_5O6Lxw2p8pFZ8p8Q';
    const put = await api.http.put(`/api/organizations/${a.org.id}`).set(a.auth).send({ bot_token: token, currency: 'EUR' });
    expect(put.status).toBe(200);
    expect(put.body.has_bot_token).toBe(true);
    expect(JSON.stringify(put.body)).not.toContain(token);
    const list = await api.http.get('/api/organizations').set(a.auth);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).not.toHaveProperty('bot_token');
    expect(list.body[0]).not.toHaveProperty('webhook_secret');
  });

  it('hides password hashes and hashes passwords given to users', async () => {
    const res = await api.http
      .post('/api/users')
      .set(a.auth)
      .send({ name: 'Mgr', role: 'manager', email: `mgr-${Date.now()}@example.test`, password: 'password-123' });
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('password_hash');
    expect(res.body).not.toHaveProperty('password');
  });

  it('keeps chat messages read-only here and signs document keys only of the own organization', async () => {
    const msg = await ChatMessage.create({ org_id: a.org.id, direction: 'inbound', content: 'hi', status: 'received', chat_id: 1 });
    const list = await api.http.get('/api/chat-messages').set(a.auth);
    expect(list.body.map((m: { id: number }) => m.id)).toContain(msg.id);
    expect((await api.http.post('/api/chat-messages').set(a.auth).send({ content: 'x' })).status).toBe(403);
    const doc = await api.http.post('/api/documents').set(a.auth).send({ project_id: a.ids.projects, title: 'Contract', url: 'https://evil.example/x.pdf' });
    expect(doc.status).toBe(400);
    expect(doc.body.fields).toHaveProperty('url');
    expect(await Document.count({ where: { org_id: a.org.id } })).toBe(0);
  });
});

describe('bad input', () => {
  it('answers malformed JSON with 400', async () => {
    const res = await api.http.post('/api/leads').set(a.auth).set('Content-Type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/JSON/);
  });

  it('names the field for wrong types and writes nothing', async () => {
    const before = (await api.http.get('/api/projects').set(a.auth)).headers['content-range'];
    const res = await api.http.post('/api/projects').set(a.auth).send({ name: 'X', budget_total: 'lots', start_date: 'tomorrow' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields).sort()).toEqual(['budget_total', 'start_date']);
    expect((await api.http.get('/api/projects').set(a.auth)).headers['content-range']).toBe(before);
  });

  it('rejects an unknown sort field, a negative or huge range, bad filters and unknown resources', async () => {
    const cases: [string, Record<string, string>][] = [
      ['/api/leads', { sort: JSON.stringify(['password_hash', 'ASC']) }],
      ['/api/leads', { sort: 'name' }],
      ['/api/leads', { range: range(-5, 3) }],
      ['/api/leads', { range: range(0, 1_000_000) }],
      ['/api/leads', { range: range(10, 2) }],
      ['/api/leads', { filter: JSON.stringify({ password_hash: 'x' }) }],
      ['/api/leads', { filter: '[1,2' }],
      ['/api/leads', { filter: JSON.stringify({ q: { $ne: 1 } }) }],
    ];
    for (const [url, query] of cases) {
      const res = await api.http.get(url).set(a.auth).query(query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(typeof res.body.message).toBe('string');
    }
    expect((await api.http.get('/api/nope').set(a.auth)).status).toBe(404);
    expect((await api.http.get('/api/leads/abc').set(a.auth)).status).toBe(404);
    expect((await api.http.get('/api/leads/99999999999999999999').set(a.auth)).status).toBe(404);
  });

  it('refuses references into nothing or into another organization, naming the field', async () => {
    const other = await seedOrganization(api);
    const res = await api.http.post('/api/stages').set(a.auth).send({ project_id: other.ids.projects, name: 'Sneaky' });
    expect(res.status).toBe(400);
    expect(res.body.fields).toHaveProperty('project_id');
    const missing = await api.http.post('/api/projects').set(a.auth).send({ name: 'P', client_id: 2147483000 });
    expect(missing.status).toBe(400);
    expect(missing.body.fields).toHaveProperty('client_id');
    const overflow = await api.http
      .get('/api/leads')
      .set(a.auth)
      .query({ filter: JSON.stringify({ manager_id: 'abc' }) });
    expect(overflow.status).toBe(400);
  });

  it('a token for a deleted user cannot reach anything', async () => {
    expect((await api.http.get('/api/leads').set(bearer('garbage'))).status).toBe(401);
  });
});
