// Logins and sign-ups are throttled per account and per address (behind trust proxy), with locks
// that answer 429 and Retry-After; new passwords follow the rules wherever they are set.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, createTestApi, type TestApi } from '@crm/testing/api';

let api: TestApi;
let owner: { token: string; user: { id: number; email: string } };
const PASSWORD = 'correct horse battery';

let addresses = 0;
/** Each sign-up from an address of its own: the shared test database counts 127.0.0.1 for every test file. */
async function register() {
  const n = `${Date.now()}-${addresses}`;
  const res = await api.http
    .post('/api/auth/register')
    .set(from(`10.99.${Math.floor(addresses / 250)}.${(addresses++ % 250) + 1}`))
    .send({ organization: `Firm ${n}`, name: 'Owner', email: `owner-${n}@example.test`, password: PASSWORD });
  expect(res.status).toBe(201);
  return { token: res.body.token as string, user: res.body.user as { id: number; email: string } };
}

beforeAll(async () => {
  api = await createTestApi({ env: { SIGNUPS_PER_IP_HOUR: '3', FAILED_LOGINS_PER_IP_HOUR: '30' } });
  owner = await register();
});
afterAll(async () => {
  await api?.close();
});

const from = (ip: string) => ({ 'X-Forwarded-For': ip });
const login = (email: string, password: string, ip: string) => api.http.post('/api/auth/login').set(from(ip)).send({ email, password });

describe('sign-in throttling', () => {
  it('locks an account after 5 failures, even for the right password, with 429 and Retry-After', async () => {
    for (let i = 0; i < 5; i += 1) {
      expect((await login(owner.user.email, `wrong-password-${i}`, `198.51.100.${i + 1}`)).status).toBe(401);
    }
    const locked = await login(owner.user.email, PASSWORD, '198.51.100.50');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.body.error).toBe('rate_limited');
    // Other accounts are untouched.
    const other = await register();
    expect((await login(other.user.email, PASSWORD, '198.51.100.50')).status).toBe(200);
    // Once the lock has passed, the right password signs in and clears the count.
    await api.sequelize.query("UPDATE auth_throttle SET locked_until = now() - interval '1 second' WHERE key LIKE 'login:account:%'");
    expect((await login(owner.user.email, PASSWORD, '198.51.100.50')).status).toBe(200);
    expect((await login(owner.user.email, 'wrong-again-1', '198.51.100.51')).status).toBe(401);
  });

  it('locks an address after 30 failures over any accounts; the client address comes from X-Forwarded-For of a trusted proxy', async () => {
    const ip = '203.0.113.77';
    for (let i = 0; i < 30; i += 1) {
      expect((await login(`nobody-${i}@example.test`, 'not-the-password', ip)).status).toBe(401);
    }
    const locked = await login(`someone-else@example.test`, 'not-the-password', ip);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('someone-else@example.test', 'not-the-password', '203.0.113.78')).status).toBe(401);
  }, 60_000);

  it('throttles sign-ups per address', async () => {
    const ip = '192.0.2.10';
    const register = (n: number) =>
      api.http
        .post('/api/auth/register')
        .set(from(ip))
        .send({ organization: `Firm ${n}`, name: 'Owner', email: `signup-${Date.now()}-${n}@example.test`, password: PASSWORD });
    for (let n = 0; n < 3; n += 1) expect((await register(n)).status).toBe(201);
    const refused = await register(3);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const elsewhere = await api.http
      .post('/api/auth/register')
      .set(from('192.0.2.11'))
      .send({ organization: 'Firm B', name: 'Owner', email: `signup-b-${Date.now()}@example.test`, password: PASSWORD });
    expect(elsewhere.status).toBe(201);
  });
});

describe('password rules', () => {
  const cases: [string, string, RegExp][] = [
    ['short', 'short-pw', /at least 10/],
    ['whitespace only', '            ', /only spaces/],
    ['common', 'password123', /too common/],
    ['common, any case', 'QwertyUiop', /too common/],
  ];
  it.each(cases)('sign-up refuses a %s password naming the field', async (label, password, message) => {
    const res = await api.http
      .post('/api/auth/register')
      .set(from(`192.0.2.${200 + cases.findIndex(([l]) => l === label)}`))
      .send({ organization: 'Firm', name: 'Owner', email: `rules-${Date.now()}@example.test`, password });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.fields?.password)).toMatch(message);
  });

  it('refuses the email as the password, at sign-up and when an admin creates a user', async () => {
    const email = `same-${Date.now()}@example.test`;
    const res = await api.http.post('/api/auth/register').set(from('192.0.2.240')).send({ organization: 'Firm', name: 'Owner', email, password: email });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.fields?.password)).toMatch(/email/);
    const user = await api.http.post('/api/users').set(bearer(owner.token)).send({ name: 'M', role: 'manager', email, password: email.toUpperCase() });
    expect(user.status).toBe(400);
    expect(JSON.stringify(user.body.fields?.password)).toMatch(/email/);
    const common = await api.http.post('/api/users').set(bearer(owner.token)).send({ name: 'M', role: 'manager', email, password: '1234567890' });
    expect(common.status).toBe(400);
    expect(JSON.stringify(common.body.fields?.password)).toMatch(/too common/);
  });
});
