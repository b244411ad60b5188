import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApi, type TestApi } from '@crm/testing/api';
import { seedOrganization } from './fixtures.js';

let api: TestApi;
let a: Awaited<ReturnType<typeof seedOrganization>>;
let b: Awaited<ReturnType<typeof seedOrganization>>;
beforeAll(async () => {
  api = await createTestApi();
  a = await seedOrganization(api);
  b = await seedOrganization(api);
});
afterAll(async () => {
  await api.close();
});

const RESOURCES = ['organizations', 'users', 'leads', 'projects', 'stages', 'daily-reports', 'transactions', 'change-requests'] as const;

describe('tenant isolation matrix', () => {
  it.each(RESOURCES)('%s: list and get by id show nothing of another organization', async (resource) => {
    const list = await api.http
      .get(`/api/${resource}`)
      .set(b.auth)
      .query({ range: JSON.stringify([0, 999]) });
    expect(list.status).toBe(200);
    const ids = list.body.map((row: { id: number }) => row.id);
    expect(ids).not.toContain(a.ids[resource]);
    for (const row of list.body) expect(row.org_id ?? row.id).toBe(b.org.id);
    const byIdFilter = await api.http
      .get(`/api/${resource}`)
      .set(b.auth)
      .query({ filter: JSON.stringify({ id: [a.ids[resource]] }) });
    expect(byIdFilter.body).toEqual([]);
    expect((await api.http.get(`/api/${resource}/${a.ids[resource]}`).set(b.auth)).status).toBe(404);
  });

  it.each(RESOURCES)('%s: update and delete of another organization answer 404 and change nothing', async (resource) => {
    const before = (await api.http.get(`/api/${resource}/${a.ids[resource]}`).set(a.auth)).body;
    const put = await api.http.put(`/api/${resource}/${a.ids[resource]}`).set(b.auth).send({ name: 'stolen', title: 'stolen', content: 'stolen' });
    expect([403, 404]).toContain(put.status);
    const del = await api.http.delete(`/api/${resource}/${a.ids[resource]}`).set(b.auth);
    expect([403, 404]).toContain(del.status);
    if (resource !== 'organizations' && resource !== 'users') {
      expect(put.status).toBe(404);
      expect(del.status).toBe(404);
    }
    const after = (await api.http.get(`/api/${resource}/${a.ids[resource]}`).set(a.auth)).body;
    expect(after).toEqual(before);
  });

  it.each(['leads', 'projects', 'change-requests', 'transactions', 'stages'] as const)('%s: an org_id in the body is ignored', async (resource) => {
    const body: Record<string, unknown> = {
      leads: { name: 'Spoof' },
      projects: { name: 'Spoof' },
      stages: { name: 'Spoof', project_id: b.ids.projects },
      'change-requests': { title: 'Spoof', amount: '1', project_id: b.ids.projects },
      transactions: { amount: '1', type: 'income', project_id: b.ids.projects },
    }[resource] as Record<string, unknown>;
    const res = await api.http
      .post(`/api/${resource}`)
      .set(b.auth)
      .send({ ...body, org_id: a.org.id });
    expect(res.status).toBe(201);
    expect(res.body.org_id).toBe(b.org.id);
    const moved = await api.http.put(`/api/${resource}/${res.body.id}`).set(b.auth).send({ org_id: a.org.id });
    expect(moved.status).toBe(200);
    expect(moved.body.org_id).toBe(b.org.id);
    const seenByA = await api.http.get(`/api/${resource}/${res.body.id}`).set(a.auth);
    expect(seenByA.status).toBe(404);
  });

  it('the Kanban move of another organization’s lead answers 404', async () => {
    const res = await api.http.post(`/api/leads/${a.ids.leads}/move`).set(b.auth).send({ status: 'won', position: 0 });
    expect(res.status).toBe(404);
    expect((await api.http.get(`/api/leads/${a.ids.leads}`).set(a.auth)).body.status).toBe('new');
  });

  it('a second organization registered through the API sees none of the first one’s data', async () => {
    const c = await api.register();
    for (const resource of RESOURCES) {
      const res = await api.http.get(`/api/${resource}`).set({ Authorization: `Bearer ${c.token}` });
      const expected = resource === 'organizations' ? 1 : resource === 'users' ? 1 : 0;
      expect({ resource, n: res.body.length }).toEqual({ resource, n: expected });
    }
  });
});
