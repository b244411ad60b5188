import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openJobQueue } from '@crm/core';
import { bearer, createTestApi, type TestApi } from '@crm/testing/api';

let api: TestApi;
let operator: Awaited<ReturnType<TestApi['register']>>;
let jobs: Awaited<ReturnType<typeof openJobQueue>>;
const tableName = `agenda_dash_${process.pid}`;

beforeAll(async () => {
  // Organizations are registered first, so the operator's id is known before the api is built.
  const boot = await createTestApi();
  operator = await boot.register('Operator');
  await boot.close();
  jobs = await openJobQueue({ url: process.env.CRM_TEST_DATABASE_URL!, tableName });
  api = await createTestApi({ agenda: jobs.agenda, env: { JOBS_DASHBOARD_ORGS: String(operator.org.id) } });
});
afterAll(async () => {
  await api.close();
  await jobs.close();
});

const cookieOf = (res: { headers: Record<string, unknown> }) => String((res.headers['set-cookie'] as string[])[0]).split(';')[0];

describe('jobs dashboard (agendash) at /api/admin/jobs', () => {
  it('lets the operator’s admin in through a one-time query token moved into an HttpOnly cookie', async () => {
    await jobs.queue.enqueue('reminders.digest', {}, { runAt: new Date(Date.now() + 3600_000) });
    const open = await api.http.get(`/api/admin/jobs/?token=${operator.token}`);
    expect(open.status).toBe(302);
    expect(open.headers.location).toBe('/api/admin/jobs/');
    expect(String(open.headers['set-cookie'])).toMatch(/crm_jobs=.*HttpOnly.*SameSite=Strict/i);
    const page = await api.http.get('/api/admin/jobs/').set('Cookie', cookieOf(open));
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<html/i);
    const list = await api.http.get('/api/admin/jobs/api').set('Cookie', cookieOf(open));
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).toContain('reminders.digest');
  });

  it('refuses without a token, managers, and admins of other organizations', async () => {
    expect((await api.http.get('/api/admin/jobs/api')).status).toBe(401);
    const other = await api.register('Tenant');
    const refused = await api.http.get(`/api/admin/jobs/?token=${other.token}`);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/operate this installation/);
    const manager = await api.http
      .post('/api/users')
      .set(bearer(operator.token))
      .send({ name: 'M', role: 'manager', email: `jobs-m-${Date.now()}@example.test`, password: 'manager-pass' });
    const login = await api.http.post('/api/auth/login').send({ email: manager.body.email, password: 'manager-pass' });
    expect((await api.http.get(`/api/admin/jobs/?token=${login.body.token}`)).status).toBe(403);
  });

  it('tells the back office who may open it', async () => {
    const me = await api.http.get('/api/auth/me').set(bearer(operator.token));
    expect(me.body.organization.can_view_jobs).toBe(true);
    const other = await api.register('Tenant 2');
    const theirs = await api.http.get('/api/auth/me').set(bearer(other.token));
    expect(theirs.body.organization.can_view_jobs).toBe(false);
  });
  // Last: it ends every session of the operator.
  it('a cookie stops opening the dashboard once its admin logs out everywhere', async () => {
    const login = await api.http.post('/api/auth/login').send({ email: operator.user.email, password: 'correct horse battery' });
    const open = await api.http.get(`/api/admin/jobs/?token=${login.body.token}`);
    const cookie = cookieOf(open);
    expect((await api.http.get('/api/admin/jobs/api').set('Cookie', cookie)).status).toBe(200);
    expect((await api.http.post('/api/auth/logout-everywhere').set(bearer(login.body.token))).status).toBe(204);
    const started = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - started < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await api.http.get('/api/admin/jobs/api').set('Cookie', cookie)).status;
    }
    expect(status).toBe(401);
  });
});
