import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChatMessage, Estimate, Lead, Organization, Project, Stage, Transaction } from '@crm/database';
import { createLocalStorage, openJobQueue } from '@crm/core';
import { pdfText } from '@crm/testing/pdf-text';
import { bearer, createTestApi, TEST_JWT_SECRET, type TestApi } from '@crm/testing/api';
import { seedOrganization, type SeededOrganization } from './fixtures.js';
import { initDataFor, testBotToken } from '@crm/testing/miniapp-fixtures';

let api: TestApi;
let jobs: Awaited<ReturnType<typeof openJobQueue>>;
let mediaDir: string;
let a: SeededOrganization, b: SeededOrganization;
let botToken: string;
const telegramId = 800_000_000 + Math.floor(Math.random() * 1e8);

beforeAll(async () => {
  mediaDir = await mkdtemp(path.join(tmpdir(), 'crm-estimate-send-'));
  const storage = createLocalStorage({ root: mediaDir, publicUrl: 'http://127.0.0.1:3000', secret: TEST_JWT_SECRET, defaultTtl: 60 });
  jobs = await openJobQueue({ url: process.env.CRM_TEST_DATABASE_URL!, tableName: `agenda_estimate_send_${process.pid}` });
  api = await createTestApi({ storage, queue: jobs.queue, env: { PUBLIC_URL: 'https://crm.example.com' } });
  [a, b] = [await seedOrganization(api), await seedOrganization(api)];
  botToken = testBotToken();
  await Organization.update({ bot_token: botToken, bot_id: Number(botToken.split(':')[0]), currency: 'EUR', locale: 'en' }, { where: { id: a.org.id } });
});
afterAll(async () => {
  await api?.close();
  await jobs?.close();
  await rm(mediaDir, { recursive: true, force: true });
});

const pdfOf = (res: { body: Buffer }) => pdfText(res.body);
const binary = (req: ReturnType<TestApi['http']['get']>) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
let clientToken = '';
const asClient = () => bearer(clientToken);

describe('sending an estimate to the client', () => {
  it('refuses a lead without Telegram with a 400 naming lead_id and saying what to do', async () => {
    const res = await api.http.post(`/api/estimates/${a.ids.estimates}/send`).set(a.auth);
    expect(res.status).toBe(400);
    expect(res.body.fields.lead_id).toMatchObject({ code: 'no_telegram' });
    expect(res.body.message).toMatch(/write to the company bot/);
    expect((await Estimate.findByPk(a.ids.estimates))!.status).toBe('draft');
  });

  it('sends the PDF as a document with Open / Approve / Questions, marks it sent and makes the lead a client', async () => {
    await Lead.update({ telegram_id: telegramId, chat_id: telegramId, language_code: 'en' }, { where: { id: a.ids.leads } });
    const res = await api.http.post(`/api/estimates/${a.ids.estimates}/send`).set(a.auth);
    expect(res.status).toBe(200);
    expect(res.body.estimate).toMatchObject({ status: 'sent', pdf_key: expect.stringMatching(new RegExp(`^org/${a.org.id}/`)) });
    expect(res.body.estimate.sent_at).toBeTruthy();
    const message = res.body.message;
    expect(message).toMatchObject({ direction: 'outbound', status: 'queued', kind: 'document', chat_id: telegramId, lead_id: a.ids.leads });
    expect(message.media).toEqual([
      expect.objectContaining({ type: 'document', key: res.body.estimate.pdf_key, file_name: `estimate-${a.ids.estimates}-v1.pdf` }),
    ]);
    expect(message.content).toMatch(/Total: RUB\s22,579\.92/);
    expect(message.reply_markup.inline_keyboard).toEqual([
      [{ text: '📄 Open in app', web_app: { url: `https://crm.example.com/app/?org=${a.org.id}&estimate=${a.ids.estimates}` } }],
      [
        { text: '✅ Approve', callback_data: `es1:a:${a.ids.estimates}` },
        { text: '❓ Questions', callback_data: `es1:q:${a.ids.estimates}` },
      ],
    ]);
    const lead = (await Lead.findByPk(a.ids.leads))!;
    expect(lead.status).toBe('estimate');
    expect(lead.client_id).toBeTruthy();
    const session = await api.http.post('/api/miniapp/session').send({ org_id: a.org.id, init_data: initDataFor(botToken, { id: telegramId }) });
    expect(session.status).toBe(200);
    clientToken = session.body.token;
    expect(session.body.estimates.map((e: { id: number; latest: boolean }) => [e.id, e.latest])).toEqual([[a.ids.estimates, true]]);
  });

  it('serves the PDF to staff of the organization only; another organization gets 404', async () => {
    const res = await binary(api.http.get(`/api/estimates/${a.ids.estimates}/pdf`).set(a.auth));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`estimate-${a.ids.estimates}-v1.pdf`);
    const text = await pdfOf(res);
    expect(text).toContain('Kitchen');
    expect(text).toMatch(/RUB\s22,579\.92/);
    for (const route of [`/api/estimates/${a.ids.estimates}/pdf`, `/api/estimates/${a.ids.estimates}`]) {
      expect((await api.http.get(route).set(b.auth)).status).toBe(404);
    }
    expect((await api.http.post(`/api/estimates/${a.ids.estimates}/send`).set(b.auth)).status).toBe(404);
    expect((await api.http.post(`/api/estimates/${a.ids.estimates}/approve`).set(b.auth)).status).toBe(404);
    const client = await binary(api.http.get(`/api/miniapp/estimates/${a.ids.estimates}/pdf`).set(asClient()));
    expect(client.status).toBe(200);
    expect(await pdfOf(client)).toContain('Kitchen');
  });
});

describe('approval', () => {
  let v2: number;
  it('shows the client every sent version, never a draft, and refuses an outdated version', async () => {
    v2 = (await api.http.post(`/api/estimates/${a.ids.estimates}/duplicate`).set(a.auth).expect(201)).body.id;
    const draft = (await api.http.post(`/api/estimates/${v2}/duplicate`).set(a.auth).expect(201)).body.id;
    const withDraft = await api.http.get('/api/miniapp/estimates').set(asClient()).expect(200);
    expect(withDraft.body.map((e: { id: number }) => e.id)).toEqual([a.ids.estimates]);
    expect((await api.http.get(`/api/miniapp/estimates/${draft}`).set(asClient())).status).toBe(404);
    expect((await api.http.post(`/api/miniapp/estimates/${draft}/approve`).set(asClient())).status).toBe(404);
    await api.http.post(`/api/estimates/${v2}/send`).set(a.auth).expect(200);
    const list = await api.http.get('/api/miniapp/estimates').set(asClient()).expect(200);
    expect(list.body.map((e: { version: number; latest: boolean; status: string }) => [e.version, e.status, e.latest])).toEqual([
      [2, 'sent', true],
      [1, 'sent', false],
    ]);
    const old = await api.http.post(`/api/miniapp/estimates/${a.ids.estimates}/approve`).set(asClient());
    expect(old.status).toBe(409);
    expect(old.body).toMatchObject({ error: 'conflict', reason: 'outdated', latest_version: 2 });
    expect(old.body.message).toMatch(/Version 1 is out of date: version 2 was sent after it/);
    const draftByStaff = await api.http.post(`/api/estimates/${draft}/approve`).set(a.auth);
    expect(draftByStaff.status).toBe(409);
    expect(draftByStaff.body.reason).toBe('not_sent');
  });

  it('approves once from the Mini App: the project gets the stages and the contract base, the lead moves to contract; a second approval changes nothing', async () => {
    const first = await api.http.post(`/api/miniapp/estimates/${v2}/approve`).set(asClient());
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'approved', approved_via: 'miniapp', changed: true, can_approve: false, approved_by_name: 'Lead L' });
    const again = await api.http.post(`/api/estimates/${v2}/approve`).set(a.auth).expect(200);
    expect(again.body).toMatchObject({ changed: false, project_id: first.body.project_id });
    expect(again.body.estimate.approved_at).toBe(first.body.approved_at);
    expect(again.body.estimate.approved_via).toBe('miniapp');
    expect((await Estimate.findByPk(a.ids.estimates))!.status).toBe('superseded');
    const project = (await Project.findByPk(first.body.project_id))!;
    expect(project).toMatchObject({ lead_id: a.ids.leads, budget_total: '22579.92', status: 'planning' });
    const stages = await Stage.findAll({ where: { project_id: project.id }, order: [['position', 'ASC']] });
    expect(stages.map((s) => [s.name, s.budget_planned])).toEqual([['Kitchen', '22579.92']]);
    expect((await Lead.findByPk(a.ids.leads))!.status).toBe('contract');
    expect(await Project.count({ where: { lead_id: a.ids.leads } })).toBe(1);

    await Transaction.create({ org_id: a.org.id, project_id: project.id, stage_id: stages[0]!.id, amount: '1000.10', type: 'expense', category: 'materials' });
    await Transaction.create({ org_id: a.org.id, project_id: project.id, amount: '50.00', type: 'expense', category: 'other' });
    const summary = await api.http.get(`/api/projects/${project.id}/summary`).set(a.auth).expect(200);
    expect(summary.body.money).toMatchObject({ contract_base: '22579.92', stages_planned: '22579.92', spent: '1050.10' });
    expect(summary.body.plan_fact).toEqual({
      stages: [expect.objectContaining({ name: 'Kitchen', planned: '22579.92', fact: '1000.10', variance: '21579.82' })],
      totals: { planned: '22579.92', fact: '1000.10', variance: '21579.82', unassigned: '50.00' },
    });
    const dashboard = await api.http.get(`/api/miniapp/projects/${project.id}`).set(asClient()).expect(200);
    expect(dashboard.body.plan_fact).toEqual(summary.body.plan_fact);
    const documents = await api.http.get(`/api/miniapp/projects/${project.id}/documents`).set(asClient()).expect(200);
    expect(documents.body.filter((d: { source: string }) => d.source === 'estimate').map((d: { id: number; kind: string }) => [d.id, d.kind])).toEqual([
      [v2, 'estimate'],
      [a.ids.estimates, 'estimate'],
    ]);
  });

  it("puts the Mini App's question into the lead's conversation, marked with the estimate", async () => {
    const empty = await api.http.post(`/api/miniapp/estimates/${v2}/questions`).set(asClient()).send({ text: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.fields.text).toBeDefined();
    const res = await api.http.post(`/api/miniapp/estimates/${v2}/questions`).set(asClient()).send({ text: 'Can the tiles be grey?' });
    expect(res.status).toBe(201);
    const message = (await ChatMessage.findByPk(res.body.id))!;
    expect(message).toMatchObject({ lead_id: a.ids.leads, direction: 'inbound', estimate_id: v2, content: 'Can the tiles be grey?' });
    const chat = await api.http.get(`/api/chats/lead-${a.ids.leads}/messages`).set(a.auth).expect(200);
    const shown = chat.body.data.find((m: { id: number }) => m.id === message.id);
    expect(shown).toMatchObject({ estimate_id: v2, estimate: { id: v2, title: 'Flat renovation', version: 2 } });
  });
});
