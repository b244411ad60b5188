import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChangeRequest, Notification, Project } from '@crm/database';
import { createStorage, openJobQueue, signToken, verifyToken } from '@crm/core';
import { TEST_JWT_SECRET, bearer, createTestApi, type TestApi } from '@crm/testing/api';
import { initDataFor, seedClientWorld, testBotToken, type ClientWorld } from '@crm/testing/miniapp-fixtures';

let api: TestApi;
let dataDir: string;
let w: ClientWorld;
let staffToken: string;
let jobs: Awaited<ReturnType<typeof openJobQueue>>;

async function session(initData: string, orgId = w.org.id) {
  return api.http.post('/api/miniapp/session').send({ init_data: initData, org_id: orgId });
}
async function clientToken(world = w, telegramId = world.client.telegram_id!) {
  const res = await session(initDataFor(world.botToken, { id: telegramId }), world.org.id);
  expect(res.status).toBe(200);
  return res.body.token as string;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'miniapp-api-'));
  const storage = createStorage({ DATA_DIR: dataDir, PUBLIC_URL: 'http://media.test', JWT_SECRET: TEST_JWT_SECRET });
  jobs = await openJobQueue({ url: process.env.CRM_TEST_DATABASE_URL!, poolMax: 2 });
  api = await createTestApi({ storage, queue: jobs.queue, env: { MINIAPP_INIT_DATA_MAX_AGE: '600', PUBLIC_URL: 'https://crm.example.com' } });
  const admin = await api.register();
  staffToken = admin.token;
  w = await seedClientWorld(admin.org.id, {
    mediaKeys: { photos: [`org/${admin.org.id}/2026/11/a.png`, `org/${admin.org.id}/2026/11/b.png`], voice: `org/${admin.org.id}/2026/11/v.ogg` },
  });
});
afterAll(async () => {
  await api?.close();
  await jobs?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('POST /api/miniapp/session', () => {
  it("issues a client token for init data signed with the organization's bot", async () => {
    const res = await session(initDataFor(w.botToken, { id: w.client.telegram_id!, language_code: 'ru' }));
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: w.client.id, name: 'Carl Client', telegram_id: w.client.telegram_id, language_code: 'ru' });
    expect(res.body.organization).toEqual({ id: w.org.id, name: w.org.name, currency: 'EUR', locale: 'en', timezone: 'Europe/Moscow' });
    expect(res.body.projects).toEqual([expect.objectContaining({ id: w.project.id, name: 'Flat on Baker Street' })]);
    expect(res.body.dashboard).toMatchObject({ id: w.project.id, progress_pct: 31, money: { contract_total: '10000.00' } });
    expect(JSON.stringify(res.body)).not.toContain(w.botToken);
    const claims = verifyToken(res.body.token, TEST_JWT_SECRET);
    expect(claims).toEqual({ kind: 'client', sub: w.client.id, org_id: w.org.id, telegram_id: w.client.telegram_id, tv: 0 });
  });

  it('refuses tampered data, another bot, a missing hash and a replayed old session with 401', async () => {
    const good = initDataFor(w.botToken, { id: w.client.telegram_id! });
    const tampered = good.replace(String(w.client.telegram_id), String(w.otherClient.telegram_id));
    const otherBot = initDataFor(testBotToken(), { id: w.client.telegram_id! });
    const noHash = good.replace(/&?hash=[0-9a-f]+/, '');
    const old = initDataFor(w.botToken, { id: w.client.telegram_id! }, Math.floor(Date.now() / 1000) - 601);
    for (const [initData, reason] of [
      [tampered, 'bad_hash'],
      [otherBot, 'bad_hash'],
      [noHash, 'missing_hash'],
      [old, 'stale'],
    ] as const) {
      const res = await session(initData);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: 'unauthorized', reason });
      expect(res.body.token).toBeUndefined();
    }
  });

  it("refuses init data presented to another organization (its bot's token differs) with 401", async () => {
    const other = await seedClientWorld((await api.register()).org.id);
    const res = await session(initDataFor(w.botToken, { id: w.client.telegram_id! }), other.org.id);
    expect(res.status).toBe(401);
    expect((await session(initDataFor(w.botToken, { id: w.client.telegram_id! }), 99_999_999)).status).toBe(401);
  });

  it('names the field on bad input and refuses a signed stranger with 403', async () => {
    const res = await api.http.post('/api/miniapp/session').send({ org_id: w.org.id });
    expect(res.status).toBe(400);
    expect(res.body.fields).toHaveProperty('init_data');
    const bad = await api.http.post('/api/miniapp/session').send({ init_data: 'x', org_id: 'abc' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toHaveProperty('org_id');
    const stranger = await session(initDataFor(w.botToken, { id: 123_456 }));
    expect(stranger.status).toBe(403);
    expect(stranger.body.reason).toBe('not_a_client');
  });
});

describe('client-scoped endpoints', () => {
  it('lists only the client’s projects with progress', async () => {
    const res = await api.http.get('/api/miniapp/projects').set(bearer(await clientToken()));
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({ id: w.project.id, name: 'Flat on Baker Street', progress_pct: 31, budget_total: '10000.00', pending_change_requests: 2 }),
    ]);
  });

  it('answers the dashboard with stages and an exact money summary', async () => {
    const res = await api.http.get(`/api/miniapp/projects/${w.project.id}`).set(bearer(await clientToken()));
    expect(res.status).toBe(200);
    expect(res.body.progress_pct).toBe(31);
    expect(res.body.stages.map((s: { name: string; progress_pct: number }) => [s.name, s.progress_pct])).toEqual([
      ['Demolition', 100],
      ['Electrics', 50],
      ['Tiling', 0],
    ]);
    expect(res.body.money).toEqual({
      currency: 'EUR',
      contract_total: '10000.00',
      contract_base: '9500.00',
      change_orders_approved: '500.00',
      change_orders_pending: '1550.50',
      stages_planned: '8000.00',
      paid: '3000.10',
      spent: '1500.45',
      left: '8499.55',
      to_pay: '6999.90',
    });
  });

  it('gives the feed newest first with signed media, leaving out media not stored yet', async () => {
    const res = await api.http.get(`/api/miniapp/projects/${w.project.id}/reports`).set(bearer(await clientToken()));
    expect(res.status).toBe(200);
    expect(res.body.map((r: { content: string }) => r.content)).toEqual(['Cables laid in the kitchen', 'Walls removed']);
    const [latest] = res.body;
    expect(latest).toMatchObject({ stage_name: 'Electrics', author_name: 'Walter Worker', progress_pct: 50 });
    expect(latest.media.map((m: { type: string }) => m.type)).toEqual(['photo', 'photo', 'voice']);
    for (const m of latest.media) expect(m.url).toMatch(/^http:\/\/media\.test\/api\/media\/org\/\d+\/2026\/11\/[abv]\.(png|ogg)\?exp=\d+&sig=/);
    const page = await api.http.get(`/api/miniapp/projects/${w.project.id}/reports?limit=1`).set(bearer(await clientToken()));
    expect(page.body.map((r: { content: string }) => r.content)).toEqual(['Cables laid in the kitchen']);
    // The next page follows the feed order (time), not the ids: the older report has the higher id here.
    const next = await api.http.get(`/api/miniapp/projects/${w.project.id}/reports?limit=1&before=${page.body[0].id}`).set(bearer(await clientToken()));
    expect(next.body.map((r: { content: string }) => r.content)).toEqual(['Walls removed']);
    const bad = await api.http.get(`/api/miniapp/projects/${w.project.id}/reports?limit=500`).set(bearer(await clientToken()));
    expect(bad.status).toBe(400);
  });

  it('lists change requests pending first and documents contract first, with signed links', async () => {
    const token = await clientToken();
    const crs = await api.http.get(`/api/miniapp/projects/${w.project.id}/change-requests`).set(bearer(token));
    expect(crs.body.map((c: { title: string; status: string }) => [c.title, c.status])).toEqual([
      ['Heated floor', 'pending'],
      ['Ceiling niche', 'pending'],
      ['Extra sockets', 'approved'],
    ]);
    expect(crs.body[2]).toMatchObject({ decided_by_name: 'Carl Client', amount: '500.00' });
    const docs = await api.http.get(`/api/miniapp/projects/${w.project.id}/documents`).set(bearer(token));
    expect(docs.body.map((d: { title: string }) => d.title)).toEqual(['Contract', 'Estimate v2']);
    expect(docs.body[0].url).toMatch(/\/api\/media\/org\/\d+\/2026\/11\/contract\.pdf\?exp=/);
  });

  it("answers 404 for another client's project and another organization's, whatever the endpoint", async () => {
    const token = await clientToken();
    const other = await seedClientWorld((await api.register()).org.id);
    for (const projectId of [w.otherProject.id, other.project.id, 99_999_999]) {
      for (const suffix of ['', '/reports', '/change-requests', '/documents']) {
        const res = await api.http.get(`/api/miniapp/projects/${projectId}${suffix}`).set(bearer(token));
        expect([suffix, res.status]).toEqual([suffix, 404]);
      }
    }
    const foreign = await ChangeRequest.findOne({ where: { project_id: w.otherProject.id } });
    for (const crId of [foreign!.id, other.pending.id]) {
      const res = await api.http.post(`/api/miniapp/change-requests/${crId}/decision`).set(bearer(token)).send({ decision: 'approved' });
      expect(res.status).toBe(404);
    }
    expect((await ChangeRequest.findByPk(other.pending.id))!.status).toBe('pending');
  });

  it('refuses staff tokens, missing tokens, and client tokens on staff routes', async () => {
    expect((await api.http.get('/api/miniapp/projects')).status).toBe(401);
    expect((await api.http.get('/api/miniapp/projects').set(bearer(staffToken))).status).toBe(403);
    const forged = signToken(
      { kind: 'client', sub: w.client.id, org_id: w.org.id, telegram_id: w.client.telegram_id! },
      'another-secret-that-is-long-enough-0123456789',
      '1h',
    );
    expect((await api.http.get('/api/miniapp/projects').set(bearer(forged))).status).toBe(401);
    expect((await api.http.get('/api/projects').set(bearer(await clientToken()))).status).toBe(403);
  });
});

describe('POST /api/miniapp/change-requests/:id/decision', () => {
  it('approves once, raising the budget and notifying the manager; a second decision is refused with 409', async () => {
    const token = await clientToken();
    const res = await api.http.post(`/api/miniapp/change-requests/${w.pending.id}/decision`).set(bearer(token)).send({ decision: 'approved' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: w.pending.id, status: 'approved', decided_by: w.client.id, budget_total: '11250.50' });
    expect((await Project.findByPk(w.project.id))!.budget_total).toBe('11250.50');
    const note = await Notification.findOne({ where: { org_id: w.org.id, user_id: w.manager.id, type: 'change_request.approved' } });
    expect(note?.payload).toMatchObject({ change_request_id: w.pending.id });
    const again = await api.http.post(`/api/miniapp/change-requests/${w.pending.id}/decision`).set(bearer(token)).send({ decision: 'rejected' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'conflict', reason: 'already_decided', status: 'approved', decided_by_name: 'Carl Client' });
    const staffView = await api.http.get(`/api/change-requests/${w.pending.id}`).set(bearer(staffToken));
    expect(staffView.body).toMatchObject({ status: 'approved', decided_by: w.client.id });
  });

  it('declines and names a bad decision', async () => {
    const token = await clientToken();
    const bad = await api.http.post(`/api/miniapp/change-requests/${w.pending2.id}/decision`).set(bearer(token)).send({ decision: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toHaveProperty('decision');
    const res = await api.http.post(`/api/miniapp/change-requests/${w.pending2.id}/decision`).set(bearer(token)).send({ decision: 'rejected' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected' });
    expect((await Project.findByPk(w.project.id))!.budget_total).toBe('11250.50');
  });
});

describe('POST /api/change-requests/:id/send', () => {
  it('queues the bot message with decision buttons for staff only, and refuses a decided request', async () => {
    const cr = await ChangeRequest.create({ org_id: w.org.id, project_id: w.project.id, title: 'Paint the hall', amount: '10.00' });
    expect((await api.http.post(`/api/change-requests/${cr.id}/send`).set(bearer(await clientToken()))).status).toBe(403);
    const res = await api.http.post(`/api/change-requests/${cr.id}/send`).set(bearer(staffToken));
    expect(res.status).toBe(200);
    expect(res.body.change_request.sent_at).toBeTruthy();
    expect(res.body.message).toMatchObject({ status: 'queued', chat_id: w.client.telegram_id });
    expect(res.body.message.reply_markup.inline_keyboard[0].map((b: { callback_data: string }) => b.callback_data)).toEqual([
      `cr1:a:${cr.id}`,
      `cr1:d:${cr.id}`,
    ]);
    expect(res.body.message.reply_markup.inline_keyboard[1][0].web_app.url).toBe(`https://crm.example.com/app/?org=${w.org.id}`);
    expect((await api.http.post(`/api/change-requests/${w.pending.id}/send`).set(bearer(staffToken))).status).toBe(409);
    const other = await seedClientWorld((await api.register()).org.id);
    expect((await api.http.post(`/api/change-requests/${other.pending.id}/send`).set(bearer(staffToken))).status).toBe(404);
  });
});
