// Sessions that can be revoked: a token is only as good as its user's row right now (role, active,
// token version), on every route, the event stream and for Mini App clients too.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEventHub, createLogger, type EventHub } from '@crm/core';
import { bearer, createTestApi, type TestApi } from '@crm/testing/api';
import { openStream } from '@crm/testing/chat-harness';
import { initDataFor, seedClientWorld } from '@crm/testing/miniapp-fixtures';

let api: TestApi;
let hub: EventHub;
let base: string;
let owner: Awaited<ReturnType<TestApi['register']>>;
const streams: { close(): void }[] = [];

beforeAll(async () => {
  hub = createEventHub(process.env.CRM_TEST_DATABASE_URL!, createLogger('sessions-test', 'silent'));
  await hub.ready();
  api = await createTestApi({ events: hub });
  base = await api.listen();
  owner = await api.register();
});
afterAll(async () => {
  for (const s of streams) s.close();
  await hub?.close();
  await api?.close();
});

/** Polls until the token is refused; answers how long that took. Fails after `withinMs`. */
async function refusedWithin(token: string, path = '/api/leads', withinMs = 5000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const res = await api.http.get(path).set(bearer(token));
    if (res.status === 401) return Date.now() - started;
    expect(res.status).toBe(200);
    if (Date.now() - started > withinMs) throw new Error(`token still accepted after ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function manager() {
  const email = `mgr-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.test`;
  const created = await api.http.post('/api/users').set(bearer(owner.token)).send({ name: 'Manager', role: 'manager', email, password: 'manager-pass-2026' });
  expect(created.status).toBe(201);
  const login = await api.http.post('/api/auth/login').send({ email, password: 'manager-pass-2026' });
  expect(login.status).toBe(200);
  return { id: created.body.id as number, token: login.body.token as string, email };
}

describe('revoking staff sessions', () => {
  it.each([
    ['demoted to worker', { role: 'worker' }],
    ['deactivated', { is_active: false }],
    ['given a new password', { password: 'a-brand-new-passphrase' }],
  ])('a manager %s is signed out within seconds on every route', async (_label, change) => {
    const m = await manager();
    expect((await api.http.get('/api/leads').set(bearer(m.token))).status).toBe(200);
    expect((await api.http.put(`/api/users/${m.id}`).set(bearer(owner.token)).send(change)).status).toBe(200);
    const took = await refusedWithin(m.token);
    expect(took).toBeLessThan(5000);
    for (const path of ['/api/auth/me', '/api/dashboard', `/api/users/${m.id}`]) {
      expect((await api.http.get(path).set(bearer(m.token))).status).toBe(401);
    }
  });

  it('a deleted user’s token stops working', async () => {
    const m = await manager();
    expect((await api.http.delete(`/api/users/${m.id}`).set(bearer(owner.token))).status).toBe(200);
    await refusedWithin(m.token);
  });

  it('a role change ends the old token (it names the old role); the new sign-in carries the new rights', async () => {
    const m = await manager();
    // Users are written by admins only: the manager's token cannot.
    expect((await api.http.post('/api/users').set(bearer(m.token)).send({ name: 'X', role: 'worker' })).status).toBe(403);
    expect((await api.http.put(`/api/users/${m.id}`).set(bearer(owner.token)).send({ role: 'admin' })).status).toBe(200);
    // The old token carried "manager": it is revoked rather than trusted with a role it does not name.
    await refusedWithin(m.token);
    const again = await api.http.post('/api/auth/login').send({ email: m.email, password: 'manager-pass-2026' });
    expect((await api.http.post('/api/users').set(bearer(again.body.token)).send({ name: 'Y', role: 'worker' })).status).toBe(201);
  });

  it('log out everywhere ends every session of the caller, and a new sign-in works', async () => {
    const m = await manager();
    const second = (await api.http.post('/api/auth/login').send({ email: m.email, password: 'manager-pass-2026' })).body.token as string;
    expect((await api.http.post('/api/auth/logout-everywhere').set(bearer(m.token))).status).toBe(204);
    await refusedWithin(m.token);
    await refusedWithin(second);
    const fresh = await api.http.post('/api/auth/login').send({ email: m.email, password: 'manager-pass-2026' });
    expect((await api.http.get('/api/leads').set(bearer(fresh.body.token))).status).toBe(200);
  });

  it('an admin logs a person out everywhere; another organization’s admin cannot', async () => {
    const m = await manager();
    const stranger = await api.register();
    expect((await api.http.post(`/api/auth/users/${m.id}/logout-everywhere`).set(bearer(stranger.token))).status).toBe(404);
    expect((await api.http.get('/api/leads').set(bearer(m.token))).status).toBe(200);
    expect((await api.http.post(`/api/auth/users/${owner.user.id}/logout-everywhere`).set(bearer(m.token))).status).toBe(403);
    expect((await api.http.post(`/api/auth/users/${m.id}/logout-everywhere`).set(bearer(owner.token))).status).toBe(204);
    await refusedWithin(m.token);
  });

  it('an open event stream of a deactivated manager is ended', async () => {
    const m = await manager();
    const stream = openStream(`${base}/api/events?token=${m.token}`);
    streams.push(stream);
    await stream.waitFor((e) => e.event === 'ready');
    const res = await stream.response;
    const ended = new Promise<number>((resolve) => res.on('end', () => resolve(Date.now())));
    const at = Date.now();
    expect((await api.http.put(`/api/users/${m.id}`).set(bearer(owner.token)).send({ is_active: false })).status).toBe(200);
    const took = (await ended) - at;
    expect(took).toBeLessThan(8000);
    expect(stream.events.map((e) => e.event)).toContain('session-ended');
    const reopen = await api.http.get(`/api/events?token=${m.token}`);
    expect(reopen.status).toBe(401);
  }, 15_000);
});

describe('revoking Mini App sessions', () => {
  it('a client who is deactivated loses the Mini App at once; an admin can log a client out everywhere', async () => {
    const world = await seedClientWorld(owner.org.id);
    const session = async () => {
      const res = await api.http
        .post('/api/miniapp/session')
        .send({ init_data: initDataFor(world.botToken, { id: Number(world.client.telegram_id) }), org_id: owner.org.id });
      expect(res.status).toBe(200);
      return res.body.token as string;
    };
    const first = await session();
    expect((await api.http.get('/api/miniapp/projects').set(bearer(first))).status).toBe(200);
    expect((await api.http.post(`/api/auth/users/${world.client.id}/logout-everywhere`).set(bearer(owner.token))).status).toBe(204);
    await refusedWithin(first, '/api/miniapp/projects');

    const second = await session();
    expect((await api.http.get('/api/miniapp/projects').set(bearer(second))).status).toBe(200);
    expect((await api.http.put(`/api/users/${world.client.id}`).set(bearer(owner.token)).send({ is_active: false })).status).toBe(200);
    await refusedWithin(second, '/api/miniapp/projects');
  });
});
