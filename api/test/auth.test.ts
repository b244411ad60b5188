import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { bearer, createTestApi, TEST_JWT_SECRET, type TestApi } from '@crm/testing/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('staff auth', () => {
  it('registers an organization with its admin and signs in', async () => {
    const email = `owner-${Date.now()}@example.test`;
    const reg = await api.http.post('/api/auth/register').send({ organization: 'Ремонт Плюс', name: 'Анна', email, password: 'secret-pass-1' });
    expect(reg.status).toBe(201);
    expect(reg.body.user).toMatchObject({ role: 'admin', email });
    expect(reg.body.organization).toMatchObject({ name: 'Ремонт Плюс', has_bot_token: false });
    expect(reg.body.user.password_hash).toBeUndefined();

    const login = await api.http.post('/api/auth/login').send({ email: email.toUpperCase(), password: 'secret-pass-1' });
    expect(login.status).toBe(200);
    const me = await api.http.get('/api/auth/me').set(bearer(login.body.token));
    expect(me.status).toBe(200);
    expect(me.body.organization.id).toBe(reg.body.organization.id);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const { user } = await api.register();
    const wrong = await api.http.post('/api/auth/login').send({ email: user.email, password: 'nope-nope-nope' });
    const unknown = await api.http.post('/api/auth/login').send({ email: 'nobody@example.test', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('validates the sign-up body and names the fields', async () => {
    const res = await api.http.post('/api/auth/register').send({ organization: 'A', email: 'not-an-email', password: 'short' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields).sort()).toEqual(['email', 'name', 'organization', 'password']);
  });

  it('rejects missing, expired and forged tokens', async () => {
    const { user } = await api.register();
    expect((await api.http.get('/api/leads')).status).toBe(401);
    const expired = jwt.sign({ kind: 'staff', org_id: user.org_id, role: 'admin' }, TEST_JWT_SECRET, { subject: String(user.id), expiresIn: -10 });
    expect((await api.http.get('/api/leads').set(bearer(expired))).status).toBe(401);
    const forged = jwt.sign({ kind: 'staff', org_id: user.org_id, role: 'admin' }, 'some-other-secret-of-enough-length-000000', { subject: String(user.id) });
    expect((await api.http.get('/api/leads').set(bearer(forged))).status).toBe(401);
    const none = jwt.sign({ kind: 'staff', org_id: user.org_id, role: 'admin' }, '', { algorithm: 'none', subject: String(user.id) } as jwt.SignOptions);
    expect((await api.http.get('/api/leads').set(bearer(none))).status).toBe(401);
  });

  it('stops taking a token the moment it expires, though the token was taken a moment earlier', async () => {
    const { user } = await api.register();
    // exp is in whole seconds: a token that expires at the next second but one.
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = jwt.sign({ kind: 'staff', org_id: user.org_id, role: 'admin', exp }, TEST_JWT_SECRET, { subject: String(user.id) });
    expect((await api.http.get('/api/leads').set(bearer(token))).status).toBe(200);
    expect((await api.http.get('/api/leads').set(bearer(token))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    const late = await api.http.get('/api/leads').set(bearer(token));
    expect(late.status).toBe(401);
  });

  it('lets a manager work leads but not manage users or settings', async () => {
    const { token, org } = await api.register();
    const created = await api.http
      .post('/api/users')
      .set(bearer(token))
      .send({ name: 'Manager M', role: 'manager', email: `m-${Date.now()}@example.test`, password: 'manager-pass' });
    expect(created.status).toBe(201);
    const login = await api.http.post('/api/auth/login').send({ email: created.body.email, password: 'manager-pass' });
    const m = bearer(login.body.token);
    expect(login.body.user.role).toBe('manager');
    expect((await api.http.post('/api/leads').set(m).send({ name: 'Lead' })).status).toBe(201);
    expect((await api.http.post('/api/users').set(m).send({ name: 'W', role: 'worker', phone: '+79990001122' })).status).toBe(403);
    expect((await api.http.put(`/api/users/${created.body.id}`).set(m).send({ role: 'admin' })).status).toBe(403);
    expect((await api.http.put(`/api/organizations/${org.id}`).set(m).send({ name: 'Hacked' })).status).toBe(403);
    expect((await api.http.get('/api/users').set(m)).status).toBe(200);
  });

  it('gives workers and clients no back-office login', async () => {
    const { token } = await api.register();
    const email = `w-${Date.now()}@example.test`;
    const worker = await api.http
      .post('/api/users')
      .set(bearer(token))
      .send({ name: 'W', role: 'worker', email, password: 'worker-pass', phone: '+79990001123' });
    expect(worker.status).toBe(201);
    expect((await api.http.post('/api/auth/login').send({ email, password: 'worker-pass' })).status).toBe(401);
  });
});
