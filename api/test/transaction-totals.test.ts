// The money list's totals: summed by the server over every matching confirmed row (not the page the
// screen holds), exact to the kopeck, under the list's own filter, and only the caller's organization.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Transaction } from '@crm/database';
import { bearer, createTestApi, type TestApi } from '@crm/testing/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api?.close();
});

async function firmWithProject() {
  const { token, org } = await api.register();
  const auth = bearer(token);
  const project = (await api.http.post('/api/projects').set(auth).send({ name: 'Квартира', budget_total: '5000000' })).body as { id: number };
  return { auth, org, project };
}

const totals = (auth: Record<string, string>, filter: Record<string, unknown> = {}) =>
  api.http
    .get('/api/transactions/totals')
    .set(auth)
    .query({ filter: JSON.stringify(filter) });

describe('transaction totals', () => {
  it('sum every matching confirmed row exactly, past any page size, under the list filter', async () => {
    const { auth, org, project } = await firmWithProject();
    // 1,500 expenses of 0.10 (which floats cannot add exactly) and one income, over two months.
    await Transaction.bulkCreate(
      Array.from({ length: 1500 }, (_, i) => ({
        org_id: org.id,
        project_id: project.id,
        type: 'expense' as const,
        amount: '0.10',
        category: i % 2 ? 'materials' : 'labour',
        occurred_on: i < 1000 ? '2026-10-15' : '2026-11-15',
      })),
    );
    await api.http
      .post('/api/transactions')
      .set(auth)
      .send({ project_id: project.id, type: 'income', amount: '100000.01', category: 'advance', occurred_on: '2026-11-01' })
      .expect(201);
    // A rejected expense counts nowhere.
    const rejected = (
      await api.http
        .post('/api/transactions')
        .set(auth)
        .send({ project_id: project.id, type: 'expense', amount: '999.99', category: 'tools', occurred_on: '2026-11-02' })
    ).body;
    await api.http.put(`/api/transactions/${rejected.id}`).set(auth).send({ status: 'rejected' }).expect(200);

    const all = await totals(auth);
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ count: 1501, expenses: '150.00', income: '100000.01', balance: '99850.01' });
    expect((await totals(auth, { occurred_on_gte: '2026-11-01' })).body).toEqual({ count: 501, expenses: '50.00', income: '100000.01', balance: '99950.01' });
    expect((await totals(auth, { category: 'materials', project_id: project.id })).body).toEqual({
      count: 750,
      expenses: '75.00',
      income: '0.00',
      balance: '-75.00',
    });
    // The list's status filter does not turn rejected rows into totals.
    expect((await totals(auth, { status: 'rejected' })).body.count).toBe(1501);
  }, 90_000);

  it('refuses a filter it does not know, naming it, and counts only the caller’s organization', async () => {
    const a = await firmWithProject();
    const b = await firmWithProject();
    await api.http
      .post('/api/transactions')
      .set(b.auth)
      .send({ project_id: b.project.id, type: 'expense', amount: '10.00', category: 'tools', occurred_on: '2026-11-02' })
      .expect(201);
    expect((await totals(a.auth)).body).toEqual({ count: 0, expenses: '0.00', income: '0.00', balance: '0.00' });
    expect((await totals(a.auth, { project_id: b.project.id })).body.count).toBe(0);
    const bad = await totals(a.auth, { password_hash: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toBeDefined();
  });
});
