// Emails are unique per organization: the same address may open accounts in several firms, and
// nothing a stranger can do (sign up, add a user, connect a bot) tells whether another firm uses it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { passwordWorkStats } from '@crm/core';
import { bearer, createTestApi, type TestApi } from '@crm/testing/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
const signUp = (email: string, password = 'correct horse battery', organization = `Firm ${unique()}`) =>
  api.http.post('/api/auth/register').send({ organization, name: 'Owner', email, password });
const login = (body: Record<string, unknown>) => api.http.post('/api/auth/login').send(body);

/** An answer with what necessarily differs between two sign-ups (ids, token, names typed, times) blanked out. */
const shapeOf = (body: Record<string, unknown>): unknown =>
  JSON.parse(
    JSON.stringify(body, (key, value) => (['id', 'org_id', 'token', 'name', 'email', 'created_at', 'updated_at'].includes(key) ? typeof value : value)),
  );

/** Hashes computed while `work` runs. */
async function hashesDuring(work: () => Promise<unknown>): Promise<number> {
  const before = passwordWorkStats().done;
  await work();
  return passwordWorkStats().done - before;
}

describe('per-organization emails at sign-up', () => {
  it('signs up a new firm with an email another firm uses, answering exactly as for a fresh email', async () => {
    const taken = `shared-${unique()}@example.test`;
    const first = await signUp(taken);
    expect(first.status).toBe(201);

    let again!: Awaited<ReturnType<typeof signUp>>;
    let fresh!: Awaited<ReturnType<typeof signUp>>;
    const hashesAgain = await hashesDuring(async () => {
      again = await signUp(taken.toUpperCase(), 'another horse battery', 'Same Firm Name');
    });
    const hashesFresh = await hashesDuring(async () => {
      fresh = await signUp(`fresh-${unique()}@example.test`, 'another horse battery', 'Same Firm Name');
    });
    expect(again.status).toBe(201);
    expect(fresh.status).toBe(201);
    expect(again.body.organization.id).not.toBe(first.body.organization.id);
    expect(again.body.user.email).toBe(taken);
    expect(Object.keys(again.headers).sort()).toEqual(Object.keys(fresh.headers).sort());
    expect(shapeOf(again.body)).toEqual(shapeOf(fresh.body));
    expect(hashesAgain).toBe(hashesFresh);
  });

  it('keeps emails unique inside one firm, whatever the case, and lets an admin add an address another firm uses', async () => {
    const other = await api.register();
    const { token, user } = await api.register();
    const elsewhere = await api.http
      .post('/api/users')
      .set(bearer(token))
      .send({ name: 'Manager', role: 'manager', email: other.user.email, password: 'manager horse battery' });
    expect(elsewhere.status).toBe(201);
    const fresh = await api.http
      .post('/api/users')
      .set(bearer(token))
      .send({ name: 'Manager', role: 'manager', email: `fresh-${unique()}@example.test`, password: 'manager horse battery' });
    expect(shapeOf(elsewhere.body)).toEqual(shapeOf(fresh.body));

    const same = await api.http
      .post('/api/users')
      .set(bearer(token))
      .send({ name: 'Twin', role: 'manager', email: user.email.toUpperCase(), password: 'manager horse battery' });
    expect(same.status).toBe(409);
    expect(same.body.fields).toEqual({ email: { code: 'taken', message: 'is already taken' } });
    const renamed = await api.http.put(`/api/users/${fresh.body.id}`).set(bearer(token)).send({ email: user.email });
    expect(renamed.status).toBe(409);
    expect(renamed.body.fields.email.code).toBe('taken');
  });
});

describe('signing in when one email opens several firms', () => {
  it('opens the firm whose password matches, with one hash per account and one for an unknown email', async () => {
    const email = `two-${unique()}@example.test`;
    const a = await signUp(email, 'first horse battery');
    const b = await signUp(email, 'second horse battery');
    let first!: Awaited<ReturnType<typeof login>>;
    expect(
      await hashesDuring(async () => {
        first = await login({ email, password: 'first horse battery' });
      }),
    ).toBe(2);
    expect(first.status).toBe(200);
    expect(first.body.organization.id).toBe(a.body.organization.id);
    const second = await login({ email: email.toUpperCase(), password: 'second horse battery' });
    expect(second.body.organization.id).toBe(b.body.organization.id);

    // Naming the firm costs one hash, as an unknown email does and as a single account does.
    let named!: Awaited<ReturnType<typeof login>>;
    expect(
      await hashesDuring(async () => {
        named = await login({ email, password: 'second horse battery', organization: b.body.organization.id });
      }),
    ).toBe(1);
    expect(named.body.organization.id).toBe(b.body.organization.id);
    let unknown!: Awaited<ReturnType<typeof login>>;
    expect(
      await hashesDuring(async () => {
        unknown = await login({ email: `nobody-${unique()}@example.test`, password: 'first horse battery' });
      }),
    ).toBe(1);
    const single = await signUp(`one-${unique()}@example.test`);
    let wrong!: Awaited<ReturnType<typeof login>>;
    expect(
      await hashesDuring(async () => {
        wrong = await login({ email: single.body.user.email, password: 'wrong horse battery' });
      }),
    ).toBe(1);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);

    // The right password for the wrong firm is a wrong password.
    const crossed = await login({ email, password: 'first horse battery', organization: b.body.organization.id });
    expect(crossed.status).toBe(401);
    expect(crossed.body).toEqual(unknown.body);
  });

  it('asks which firm when the password opens several, listing only those, and signs in to the one named', async () => {
    const email = `both-${unique()}@example.test`;
    const a = await signUp(email, 'shared horse battery', `Alpha ${unique()}`);
    const b = await signUp(email, 'shared horse battery', `Beta ${unique()}`);
    await signUp(email, 'third horse battery', `Gamma ${unique()}`);

    const ask = await login({ email, password: 'shared horse battery' });
    expect(ask.status).toBe(400);
    expect(ask.body.token).toBeUndefined();
    expect(ask.body.fields).toEqual({ organization: { code: 'choose_organization', message: 'choose the organization to sign in to' } });
    expect(ask.body.organizations).toEqual([
      { id: a.body.organization.id, name: a.body.organization.name },
      { id: b.body.organization.id, name: b.body.organization.name },
    ]);

    const chosen = await login({ email, password: 'shared horse battery', organization: String(b.body.organization.id) });
    expect(chosen.status).toBe(200);
    expect(chosen.body.user.org_id).toBe(b.body.organization.id);
    const me = await api.http.get('/api/auth/me').set(bearer(chosen.body.token));
    expect(me.body.organization.id).toBe(b.body.organization.id);

    // A wrong password never lists firms.
    const wrong = await login({ email, password: 'wrong horse battery' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.organizations).toBeUndefined();
    const bad = await login({ email, password: 'shared horse battery', organization: 'alpha' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toHaveProperty('organization');
  });
});

describe('bot tokens', () => {
  it('refuses a bot token another firm uses with a generic answer that names no firm', async () => {
    const holder = await api.register();
    const other = await api.register();
    const token = `${7_000_000_000 + Math.floor(Math.random() * 999_999_999)}:AAH${'x'.repeat(32)}`;
    expect((await api.http.put(`/api/organizations/${holder.org.id}`).set(bearer(holder.token)).send({ bot_token: token })).status).toBe(200);
    // The holder may save its own token again.
    expect((await api.http.put(`/api/organizations/${holder.org.id}`).set(bearer(holder.token)).send({ bot_token: token })).status).toBe(200);

    const res = await api.http.put(`/api/organizations/${other.org.id}`).set(bearer(other.token)).send({ bot_token: token });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation');
    expect(Object.keys(res.body.fields)).toEqual(['bot_token']);
    expect(res.body.fields.bot_token.code).toBe('bot_token_unusable');
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/another|other firm|organi[sz]ation|already|taken|exists|in use/i);
    expect(text).not.toContain(holder.org.name);
    expect(text).not.toContain(String(holder.org.id));
    const org = await api.http.get(`/api/organizations/${other.org.id}`).set(bearer(other.token));
    expect(org.body.has_bot_token).toBe(false);
  });
});
