import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, createTestApi, type TestApi } from '@crm/testing/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('lead sources (ad deep-link payloads) in the leads list', () => {
  it('lists the organization’s sources with counts and filters the list by one', async () => {
    const { token } = await api.register();
    const auth = bearer(token);
    for (const [name, source] of [
      ['A', 'avito_bathroom'],
      ['B', 'avito_bathroom'],
      ['C', 'vk_kitchen'],
      ['D', 'telegram'],
    ]) {
      expect((await api.http.post('/api/leads').set(auth).send({ name, source })).status).toBe(201);
    }
    const sources = await api.http.get('/api/leads/sources').set(auth);
    expect(sources.status).toBe(200);
    expect(sources.body).toEqual([
      { source: 'avito_bathroom', count: 2 },
      { source: 'telegram', count: 1 },
      { source: 'vk_kitchen', count: 1 },
    ]);

    const list = await api.http
      .get('/api/leads')
      .set(auth)
      .query({ filter: JSON.stringify({ source: 'avito_bathroom' }), sort: JSON.stringify(['name', 'ASC']) });
    expect(list.body.map((l: { name: string; source: string }) => [l.name, l.source])).toEqual([
      ['A', 'avito_bathroom'],
      ['B', 'avito_bathroom'],
    ]);
    expect(list.headers['content-range']).toMatch(/\/2$/);

    // Another organization sees only its own.
    const other = await api.register();
    expect((await api.http.get('/api/leads/sources').set(bearer(other.token))).body).toEqual([]);
  });
});
