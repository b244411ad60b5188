import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApi, type TestApi } from './helpers.js';

let api: TestApi;
beforeAll(async () => { api = await createTestApi(); });
afterAll(async () => { await api.close(); });

async function board(auth: Record<string, string>) {
  const res = await api.http.get('/api/leads').set(auth).query({ sort: JSON.stringify(['position', 'ASC']), range: JSON.stringify([0, 499]) });
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
      api.http.post(`/api/leads/${ids[name]}/move`).set(auth).send({ status: 'measurement', position: i % 3 }));
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
