import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeTelegram } from '@crm/testing/fake-telegram';
import { createTestApi, type TestApi } from '@crm/testing/api';
import { createEventHub, createLogger, publishEvent } from '@crm/core';
import { QueryTypes } from '@crm/database';
import { seedOrganization } from './fixtures.js';

let api: TestApi;
let telegram: FakeTelegram;
beforeAll(async () => {
  telegram = await FakeTelegram.start();
  api = await createTestApi({ env: { TELEGRAM_API_ROOT: telegram.apiRoot } });
});
afterAll(async () => {
  await api.close();
  await telegram.close();
});

describe('GET /api/dashboard', () => {
  it('summarises leads, projects, money and waiting work of the own organization only', async () => {
    const a = await seedOrganization(api);
    await seedOrganization(api);
    await api.http.post('/api/leads').set(a.auth).send({ name: 'Second', budget_amount: '0.25' });
    const res = await api.http.get('/api/dashboard').set(a.auth);
    expect(res.status).toBe(200);
    expect(res.body.new_leads_week).toBe(2);
    expect(res.body.leads_by_status.map((s: { status: string }) => s.status)).toEqual([
      'new',
      'qualified',
      'measurement',
      'estimate',
      'contract',
      'won',
      'lost',
    ]);
    expect(res.body.leads_by_status[0]).toEqual({ status: 'new', count: 2, budget: '1500000.75' });
    expect(res.body.active_projects).toHaveLength(1);
    expect(res.body.money).toEqual({ planned: '2000000.00', spent: '12500.00' });
    expect(res.body.pending_change_requests).toBe(1);
  });

  it("counts as stale the open leads quiet for longer than the organization's cut-off, never the won or lost ones", async () => {
    const a = await seedOrganization(api);
    await api.sequelize.query('UPDATE organizations SET stale_lead_days = 10 WHERE id = :org', { replacements: { org: a.org.id } });
    await api.sequelize.query(
      `INSERT INTO leads (org_id, name, status, position, last_activity_at) VALUES
         (:org, 'Quiet new', 'new', 100, now() - interval '11 days'), (:org, 'Quiet contract', 'contract', 100, now() - interval '30 days'),
         (:org, 'Quiet won', 'won', 100, now() - interval '11 days'), (:org, 'Quiet lost', 'lost', 100, now() - interval '40 days'),
         (:org, 'Recent', 'qualified', 100, now() - interval '9 days')`,
      { replacements: { org: a.org.id } },
    );
    const res = await api.http.get('/api/dashboard').set(a.auth).expect(200);
    expect(res.body.stale_leads).toBe(2);
    expect(res.body.leads_by_status.find((s: { status: string }) => s.status === 'won')).toEqual({ status: 'won', count: 1, budget: '0' });
    await api.sequelize.query('UPDATE organizations SET stale_lead_days = 35 WHERE id = :org', { replacements: { org: a.org.id } });
    expect((await api.http.get('/api/dashboard').set(a.auth).expect(200)).body.stale_leads).toBe(0);
  });
});

describe('the dashboard between changes (with the event hub, as in production)', () => {
  it('is read once for the requests of a second, and again at the first change: a write here, an event from elsewhere, or a second later', async () => {
    const hub = createEventHub(process.env.CRM_TEST_DATABASE_URL!, createLogger('dashboard-test', 'silent'));
    // The same database connection as the file's api (closed with it), the event hub of its own.
    const cached = await createTestApi({ sequelize: api.sequelize, events: hub, env: { TELEGRAM_API_ROOT: telegram.apiRoot } });
    try {
      await hub.ready();
      const a = await seedOrganization(cached);
      const newLeads = async () => (await cached.http.get('/api/dashboard').set(a.auth).expect(200)).body.leads_by_status[0].count as number;
      let inserted = 0;
      const insertLead = async (name: string) => {
        const [row] = await cached.sequelize.query<{ id: number }>(
          `INSERT INTO leads (org_id, name, status, position) VALUES (:org, :name, 'new', 100 + :n) RETURNING id`,
          {
            replacements: { org: a.org.id, name, n: (inserted += 1) },
            type: QueryTypes.SELECT,
          },
        );
        return row!.id;
      };
      const started = Date.now();
      const first = await newLeads();
      // A change nobody announces (SQL straight into the table) is not seen within the second...
      await insertLead('Unannounced');
      expect(await newLeads()).toBe(first);
      expect(Date.now() - started).toBeLessThan(1_000);
      // ...and is once it is over.
      await new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() - started) + 50));
      expect(await newLeads()).toBe(first + 1);

      // A write through this api: its own answer's next read sees it.
      await cached.http.post('/api/leads').set(a.auth).send({ name: 'Through the api' }).expect(201);
      expect(await newLeads()).toBe(first + 2);

      // A change another process announces: seen as soon as its event arrives, well within the second.
      const announced = Date.now();
      const id = await insertLead('Announced');
      await publishEvent(cached.sequelize, { org_id: a.org.id, type: 'lead.updated', data: { id } });
      let seen = await newLeads();
      while (seen !== first + 3 && Date.now() - announced < 2_000) seen = await newLeads();
      expect(seen).toBe(first + 3);
      expect(Date.now() - announced).toBeLessThan(500);

      // Another organization's change leaves this one's dashboard where it was.
      const b = await seedOrganization(cached);
      expect((await cached.http.get('/api/dashboard').set(b.auth).expect(200)).body.leads_by_status[0].count).toBe(1);
      expect(await newLeads()).toBe(first + 3);
    } finally {
      await hub.close();
    }
  });
});

describe('POST /api/organizations/:id/bot-check', () => {
  it('answers who the bot is and remembers the username; admins only', async () => {
    const a = await seedOrganization(api);
    const token = '7001001:AAH-check-token-0123456789abcdefghijk';
    telegram.bot(token);
    await api.http.put(`/api/organizations/${a.org.id}`).set(a.auth).send({ bot_token: token });
    const res = await api.http.post(`/api/organizations/${a.org.id}/bot-check`).set(a.auth);
    expect(res.status).toBe(200);
    expect(res.body.connected).toBe(true);
    expect(typeof res.body.username).toBe('string');
    const org = await api.http.get(`/api/organizations/${a.org.id}`).set(a.auth);
    expect(org.body.bot_username).toBe(res.body.username);

    telegram.revoke(token);
    const revoked = await api.http.post(`/api/organizations/${a.org.id}/bot-check`).set(a.auth);
    expect(revoked.body).toMatchObject({ connected: false });
    expect(revoked.body.reason).toMatch(/BotFather/);
    const other = await seedOrganization(api);
    expect((await api.http.post(`/api/organizations/${a.org.id}/bot-check`).set(other.auth)).status).toBe(404);
  });
});
