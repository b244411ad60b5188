import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decideChangeRequest } from '@crm/core';
import { QueryTypes } from '@crm/database';
import { createTestApi, type TestApi } from '@crm/testing/api';
import { seedOrganization } from './fixtures.js';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

describe("a project's money and progress, computed once", () => {
  it('gives the same exact figures in the summary, the project record and the dashboard', async () => {
    const a = await seedOrganization(api);
    const projectId = a.ids.projects;
    const put = (path: string, body: object) => api.http.put(`/api/${path}`).set(a.auth).send(body).expect(200);
    const post = (path: string, body: object) => api.http.post(`/api/${path}`).set(a.auth).send(body).expect(201);
    await put(`stages/${a.ids.stages}`, { progress_pct: 100 });
    await post('stages', { project_id: projectId, name: 'Electrics', budget_planned: '300000', progress_pct: 50 });
    await post('transactions', { project_id: projectId, amount: '500000.10', type: 'income', category: 'payment', occurred_on: '2026-11-21' });
    await post('transactions', {
      project_id: projectId,
      amount: '999.99',
      type: 'expense',
      status: 'rejected',
      category: 'materials',
      occurred_on: '2026-11-21',
    });
    await post('change-requests', { project_id: projectId, title: 'Heated floor', amount: '45000.55' });
    await decideChangeRequest(api.sequelize, { org_id: a.org.id, change_request_id: a.ids['change-requests'], decision: 'approved', decided_by: a.user.id });

    const summary = await api.http.get(`/api/projects/${projectId}/summary`).set(a.auth).expect(200);
    // Budget-weighted: (100 × 100 000 + 50 × 300 000) / 400 000 = 62.5 → 63; a plain average would say 75.
    expect(summary.body).toEqual({
      project_id: projectId,
      progress_pct: 63,
      stages_count: 2,
      pending_change_requests: 1,
      money: {
        currency: 'RUB',
        contract_base: '2000000.00',
        change_orders_approved: '3000.00',
        change_orders_pending: '45000.55',
        contract_total: '2003000.00',
        stages_planned: '400000.00',
        paid: '500000.10',
        spent: '12500.00',
        left: '1990500.00',
        to_pay: '1502999.90',
      },
      // Plan against fact per stage: the seeded expense has no stage, so it is counted apart.
      plan_fact: {
        stages: [
          { id: a.ids.stages, name: 'Demolition', status: 'planned', progress_pct: 100, planned: '100000.00', fact: '0.00', variance: '100000.00' },
          { id: expect.any(Number), name: 'Electrics', status: 'planned', progress_pct: 50, planned: '300000.00', fact: '0.00', variance: '300000.00' },
        ],
        totals: { planned: '400000.00', fact: '0.00', variance: '400000.00', unassigned: '12500.00' },
      },
    });
    const record = await api.http.get(`/api/projects/${projectId}`).set(a.auth).expect(200);
    expect(record.body).toMatchObject({ progress_pct: 63, money: summary.body.money });
    const list = await api.http.get('/api/projects').set(a.auth).expect(200);
    expect(list.body[0]).toMatchObject({ id: projectId, progress_pct: 63, money: summary.body.money });
    const dashboard = await api.http.get('/api/dashboard').set(a.auth).expect(200);
    expect(dashboard.body.active_projects[0]).toMatchObject({ id: projectId, progress_pct: 63, money: summary.body.money });
  });

  it("keeps paid, spent and each stage's fact equal to the sums of the transactions through every kind of write", async () => {
    const a = await seedOrganization(api);
    const projectId = a.ids.projects;
    const post = async (path: string, body: object) => (await api.http.post(`/api/${path}`).set(a.auth).send(body).expect(201)).body;
    const put = (path: string, body: object) => api.http.put(`/api/${path}`).set(a.auth).send(body).expect(200);
    const other = (await post('projects', { name: 'Second flat', budget_total: '1000' })).id;
    const tiles = (await post('stages', { project_id: projectId, name: 'Tiles', budget_planned: '5000' })).id;
    const paint = (await post('stages', { project_id: other, name: 'Paint' })).id;
    // What the figures must be: summed from the transactions themselves, as they were before they were kept.
    const sums = async (project: number) => {
      const [money] = await api.sequelize.query<{ paid: string; spent: string }>(
        `SELECT COALESCE(SUM(amount) FILTER (WHERE type = 'income'), 0)::numeric(14,2)::text AS paid,
                COALESCE(SUM(amount) FILTER (WHERE type = 'expense'), 0)::numeric(14,2)::text AS spent
           FROM transactions WHERE project_id = :project AND status = 'confirmed'`,
        { replacements: { project }, type: QueryTypes.SELECT },
      );
      const stages = await api.sequelize.query<{ id: number; fact: string }>(
        `SELECT s.id, COALESCE(SUM(t.amount), 0)::numeric(14,2)::text AS fact FROM stages s
           LEFT JOIN transactions t ON t.stage_id = s.id AND t.project_id = s.project_id AND t.type = 'expense' AND t.status = 'confirmed'
          WHERE s.project_id = :project GROUP BY s.id ORDER BY s.position, s.id`,
        { replacements: { project }, type: QueryTypes.SELECT },
      );
      return { ...money!, stages: stages.map((s) => ({ id: Number(s.id), fact: s.fact })) };
    };
    const check = async () => {
      for (const project of [projectId, other]) {
        const expected = await sums(project);
        const { body } = await api.http.get(`/api/projects/${project}/summary`).set(a.auth).expect(200);
        expect({
          paid: body.money.paid,
          spent: body.money.spent,
          stages: body.plan_fact.stages.map((s: { id: number; fact: string }) => ({ id: s.id, fact: s.fact })),
        }).toEqual(expected);
        const fact = body.plan_fact.stages.reduce((sum: number, s: { fact: string }) => sum + Math.round(Number(s.fact) * 100), 0);
        expect(body.plan_fact.totals.fact).toBe((fact / 100).toFixed(2));
        expect(Math.round(Number(body.plan_fact.totals.unassigned) * 100)).toBe(Math.round(Number(expected.spent) * 100) - fact);
      }
    };
    const first = await post('transactions', { project_id: projectId, stage_id: a.ids.stages, amount: '100.10', type: 'expense', category: 'materials' });
    const second = await post('transactions', { project_id: projectId, stage_id: tiles, amount: '200.20', type: 'expense', category: 'materials' });
    const third = await post('transactions', { project_id: projectId, amount: '300.30', type: 'income', category: 'payment' });
    const rejected = await post('transactions', {
      project_id: projectId,
      stage_id: tiles,
      amount: '5.05',
      type: 'expense',
      status: 'rejected',
      category: 'tools',
    });
    await check();
    await put(`transactions/${first.id}`, { amount: '150.15' });
    await put(`transactions/${second.id}`, { stage_id: a.ids.stages });
    await put(`transactions/${third.id}`, { type: 'expense', stage_id: tiles });
    await put(`transactions/${rejected.id}`, { status: 'confirmed' });
    await check();
    await put(`transactions/${second.id}`, { project_id: other });
    await put(`transactions/${first.id}`, { project_id: other, stage_id: paint });
    await put(`transactions/${third.id}`, { status: 'rejected' });
    await put(`transactions/${first.id}`, { description: 'only the words change' });
    await check();
    await api.http.delete(`/api/stages/${tiles}`).set(a.auth).expect(200);
    await api.http.delete(`/api/transactions/${second.id}`).set(a.auth).expect(200);
    await api.sequelize.query(`UPDATE stages SET project_id = :projectId WHERE id = :paint`, { replacements: { projectId, paint } });
    await check();
    expect((await sums(other)).spent).toBe('150.15');
    expect((await sums(projectId)).stages.find((s) => s.id === paint)).toEqual({ id: paint, fact: '0.00' });
    await api.sequelize.query(`UPDATE transactions SET project_id = :projectId WHERE id = :id`, { replacements: { projectId, id: first.id } });
    await check();
    expect((await sums(projectId)).stages.find((s) => s.id === paint)).toEqual({ id: paint, fact: '150.15' });
  });

  it('keeps the money exact under concurrent writes to one project', async () => {
    const a = await seedOrganization(api);
    const projectId = a.ids.projects;
    const post = (body: object) =>
      api.http
        .post('/api/transactions')
        .set(a.auth)
        .send({ project_id: projectId, category: 'materials', ...body })
        .expect(201);
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        post(i % 3 ? { amount: `${i}.01`, type: 'expense', stage_id: a.ids.stages } : { amount: `${i}.10`, type: 'income' }),
      ),
    );
    const [sums] = await api.sequelize.query<{ paid: string; spent: string; fact: string }>(
      `SELECT COALESCE(SUM(amount) FILTER (WHERE type = 'income'), 0)::numeric(14,2)::text AS paid,
              COALESCE(SUM(amount) FILTER (WHERE type = 'expense'), 0)::numeric(14,2)::text AS spent,
              COALESCE(SUM(amount) FILTER (WHERE type = 'expense' AND stage_id IS NOT NULL), 0)::numeric(14,2)::text AS fact
         FROM transactions WHERE project_id = :projectId AND status = 'confirmed'`,
      { replacements: { projectId }, type: QueryTypes.SELECT },
    );
    const { body } = await api.http.get(`/api/projects/${projectId}/summary`).set(a.auth).expect(200);
    expect({ paid: body.money.paid, spent: body.money.spent, fact: body.plan_fact.totals.fact }).toEqual(sums);
  });

  it('averages stages plainly when none has a planned budget, and says 0 without stages', async () => {
    const a = await seedOrganization(api);
    const project = await api.http.post('/api/projects').set(a.auth).send({ name: 'No estimate yet', budget_total: '1000' }).expect(201);
    expect(project.body).toMatchObject({ progress_pct: 0, money: { contract_total: '1000.00', left: '1000.00', paid: '0.00' } });
    for (const [name, progress_pct] of [
      ['Walls', 100],
      ['Floor', 20],
      ['Ceiling', 0],
    ] as const) {
      await api.http.post('/api/stages').set(a.auth).send({ project_id: project.body.id, name, progress_pct }).expect(201);
    }
    const summary = await api.http.get(`/api/projects/${project.body.id}/summary`).set(a.auth).expect(200);
    expect(summary.body.progress_pct).toBe(40);
  });

  it("answers 404 for another organization's project and for nonsense ids", async () => {
    const a = await seedOrganization(api);
    const b = await seedOrganization(api);
    await api.http.get(`/api/projects/${b.ids.projects}/summary`).set(a.auth).expect(404);
    await api.http.get('/api/projects/abc/summary').set(a.auth).expect(404);
    await api.http.get(`/api/projects/${a.ids.projects}/summary`).expect(401);
  });
});

describe('GET /api/leads/totals', () => {
  it('sums each Kanban column per currency on the server, narrowed by the list filter', async () => {
    const a = await seedOrganization(api);
    const post = (body: object) => api.http.post('/api/leads').set(a.auth).send(body).expect(201);
    await post({ name: 'Dollar lead', budget_amount: '10000.25', budget_currency: 'USD' });
    await post({ name: 'Rouble lead', budget_amount: '0.25', source: 'avito' });
    const won = await post({ name: 'Won lead', budget_amount: '700000' });
    await api.http.post(`/api/leads/${won.body.id}/move`).set(a.auth).send({ status: 'won', position: 0 }).expect(200);

    const res = await api.http.get('/api/leads/totals').set(a.auth).expect(200);
    expect(res.body.map((c: { status: string }) => c.status)).toEqual(['new', 'qualified', 'measurement', 'estimate', 'contract', 'won', 'lost']);
    expect(res.body[0]).toEqual({
      status: 'new',
      count: 3,
      budgets: [
        { currency: 'RUB', amount: '1500000.75' },
        { currency: 'USD', amount: '10000.25' },
      ],
    });
    expect(res.body[5]).toEqual({ status: 'won', count: 1, budgets: [{ currency: 'RUB', amount: '700000.00' }] });
    expect(res.body[1]).toEqual({ status: 'qualified', count: 0, budgets: [] });

    const filtered = await api.http
      .get('/api/leads/totals')
      .query({ filter: JSON.stringify({ source: 'avito' }) })
      .set(a.auth)
      .expect(200);
    expect(filtered.body[0]).toEqual({ status: 'new', count: 1, budgets: [{ currency: 'RUB', amount: '0.25' }] });
    const bad = await api.http
      .get('/api/leads/totals')
      .query({ filter: JSON.stringify({ password: 'x' }) })
      .set(a.auth);
    expect(bad.status).toBe(400);
  });
});
