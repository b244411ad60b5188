import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Organization, Project, QueryTypes, User } from '@crm/database';
import { createLocalStorage, openJobQueue, type LocalStorage } from '@crm/core';
import { pdfText } from '@crm/testing/pdf-text';
import { bearer, createTestApi, TEST_JWT_SECRET, type TestApi } from '@crm/testing/api';
import { approveEstimateForProject } from '@crm/testing/change-order-fixtures';
import { initDataFor, testBotToken } from '@crm/testing/miniapp-fixtures';

let api: TestApi;
let storage: LocalStorage;
let dir: string;
let jobs: Awaited<ReturnType<typeof openJobQueue>>;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'crm-contracts-'));
  storage = createLocalStorage({ root: dir, publicUrl: 'http://127.0.0.1:3000', secret: TEST_JWT_SECRET, defaultTtl: 60 });
  jobs = await openJobQueue({ url: process.env.CRM_TEST_DATABASE_URL!, tableName: `agenda_contracts_${process.pid}` });
  api = await createTestApi({ storage, queue: jobs.queue });
});
afterAll(async () => {
  await api?.close();
  await jobs?.close();
  await rm(dir, { recursive: true, force: true });
});

async function firm(locale: 'ru' | 'en') {
  const { token, org } = await api.register();
  const auth = bearer(token);
  await Organization.update({ locale, currency: locale === 'en' ? 'EUR' : 'RUB', timezone: 'Asia/Vladivostok' }, { where: { id: org.id } });
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await api.http[method.toLowerCase() as 'post'](`/api${url}`)
      .set(auth)
      .send(body as object);
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const client = await call('POST', '/users', {
    name: locale === 'en' ? 'Carl Client' : 'Светлана Орлова',
    role: 'client',
    phone: `+7999${String(Date.now()).slice(-7)}`,
  });
  const project = await call('POST', '/projects', {
    name: 'Tverskaya 7',
    address: 'Tverskaya 7, apt 12',
    client_id: client.id,
    start_date: '2026-12-01',
    end_date: '2027-02-28',
  });
  const { estimate } = await approveEstimateForProject(call as never, project.id, {
    title: 'Flat',
    vat_rate: '20',
    sections: [
      { name: locale === 'en' ? 'Kitchen' : 'Кухня', lines: [{ name: 'Tiles', unit: 'm²', quantity: '10', unit_price: '1500.25' }] },
      { name: locale === 'en' ? 'Bathroom' : 'Ванная', lines: [{ name: 'Bath', unit: 'pcs', quantity: '1', unit_price: '8000' }] },
    ],
  });
  return { org, auth, client, project, estimate };
}

describe('the contract template in Settings', () => {
  it('answers the built-in template in the firm’s language with the placeholders it may use', async () => {
    const f = await firm('ru');
    const res = await api.http.get('/api/contract-template').set(f.auth).expect(200);
    expect(res.body).toMatchObject({ is_default: true });
    expect(res.body.body).toContain('ДОГОВОР ПОДРЯДА');
    expect(res.body.placeholders).toEqual(expect.arrayContaining(['client.name', 'project.address', 'estimate.total', 'schedule', 'today', 'firm.name']));
  });

  it('refuses unknown placeholders naming them, saves a good template and goes back to the built-in one', async () => {
    const f = await firm('en');
    const bad = await api.http.put('/api/contract-template').set(f.auth).send({ body: 'Hello {{client.nmae}}, {{ client.name }} at {{price}} and {{price}}' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.body).toMatchObject({ code: 'unknown_placeholder', message: 'has unknown placeholders: {{client.nmae}}, {{price}}' });
    expect((await api.http.put('/api/contract-template').set(f.auth).send({ body: '   ' })).status).toBe(400);
    expect((await api.http.put('/api/contract-template').set(f.auth).send({})).body.fields).toHaveProperty('body');
    const saved = await api.http
      .put('/api/contract-template')
      .set(f.auth)
      .send({ body: 'Contract with {{ client.name }}\n\nTotal {{estimate.total}}.' })
      .expect(200);
    expect(saved.body).toMatchObject({ is_default: false, body: 'Contract with {{ client.name }}\n\nTotal {{estimate.total}}.' });
    const reset = await api.http.put('/api/contract-template').set(f.auth).send({ body: null }).expect(200);
    expect(reset.body.is_default).toBe(true);
    expect(reset.body.body).toContain('RENOVATION CONTRACT');
  });
});

describe('a project’s contract as a PDF', () => {
  it('fills the template: client, address, estimate total, schedule, today in the firm’s time zone; stored and listed beside the estimate', async () => {
    const f = await firm('ru');
    await api.http
      .put('/api/contract-template')
      .set(f.auth)
      .send({
        body: 'Договор № {{estimate.number}}\n\nЗаказчик: {{client.name}}, объект {{project.address}}.\n\nСумма по смете {{estimate.total}}, итого {{contract.total}}.\n\nЭтапы:\n{{schedule}}\n\nДата {{today}}, {{firm.name}}',
      })
      .expect(200);
    const used = async () =>
      Number(
        (
          await api.sequelize.query<{ used: string }>('SELECT storage_bytes AS used FROM organizations WHERE id = :id', {
            replacements: { id: f.org.id },
            type: QueryTypes.SELECT,
          })
        )[0]!.used,
      );
    const usedBefore = await used();
    const res = await api.http.post(`/api/projects/${f.project.id}/contract-document`).set(f.auth);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'contract', project_id: f.project.id, mime_type: 'application/pdf' });
    // The stored PDF counts in the organization's storage quota, as an upload does.
    expect(res.body.size).toBeGreaterThan(1000);
    expect(await used()).toBe(usedBefore + res.body.size);
    const text = (await pdfText(Buffer.concat(await streamChunks((await storage.get(res.body.key)).stream)))).replace(/\s+/g, ' ');
    // 15002.50 + 8000 = 23002.50 + VAT 4600.50 = 27603.00
    expect(text).toContain('Светлана Орлова');
    expect(text).toContain('Tverskaya 7, apt 12');
    expect(text).toContain('Сумма по смете 27 603,00 ₽');
    expect(text).toContain(`Договор № ${f.estimate.id}-1`);
    expect(text).toMatch(/1\. Кухня — 18 003,00 ₽/);
    expect(text).toMatch(/2\. Ванная — 9 600,00 ₽/);
    const today = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Vladivostok' }).format(new Date());
    expect(text).toContain(`Дата ${today.replace(/\s+/g, ' ')}`);

    const docs = await api.http
      .get(`/api/documents?filter=${encodeURIComponent(JSON.stringify({ project_id: f.project.id }))}`)
      .set(f.auth)
      .expect(200);
    expect(docs.body.map((d: { kind: string }) => d.kind)).toEqual(['contract']);

    // The client finds it in the Mini App's documents, beside the estimate.
    const botToken = testBotToken();
    await Organization.update({ bot_token: botToken, bot_id: Number(botToken.split(':')[0]) }, { where: { id: f.org.id } });
    const telegramId = 900_000_000 + Math.floor(Math.random() * 1e7);
    await User.update({ telegram_id: telegramId }, { where: { id: f.client.id } });
    const session = await api.http
      .post('/api/miniapp/session')
      .send({ init_data: initDataFor(botToken, { id: telegramId }), org_id: f.org.id })
      .expect(200);
    const mine = await api.http.get(`/api/miniapp/projects/${f.project.id}/documents`).set(bearer(session.body.token)).expect(200);
    expect(mine.body[0]).toMatchObject({ kind: 'contract', mime_type: 'application/pdf' });
    expect(mine.body[0].url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/api\/media\//);
  });

  it('speaks English for an English firm with the built-in template', async () => {
    const f = await firm('en');
    const res = await api.http.post(`/api/projects/${f.project.id}/contract-document`).set(f.auth).expect(201);
    const text = (await pdfText(Buffer.concat(await streamChunks((await storage.get(res.body.key)).stream)))).replace(/\s+/g, ' ');
    expect(text).toContain('RENOVATION CONTRACT');
    expect(text).toContain('Carl Client');
    expect(text).toContain('€27,603.00');
    expect(text).toContain('1. Kitchen — €18,003.00');
  });

  it('refuses a project without a client, and another firm’s project', async () => {
    const f = await firm('en');
    const other = await firm('en');
    await Project.update({ client_id: null }, { where: { id: f.project.id } });
    const noClient = await api.http.post(`/api/projects/${f.project.id}/contract-document`).set(f.auth);
    expect([noClient.status, Object.keys(noClient.body.fields)]).toEqual([400, ['client_id']]);
    await api.http.post(`/api/projects/${f.project.id}/contract-document`).set(other.auth).expect(404);
  });
});

async function streamChunks(stream: NodeJS.ReadableStream): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return chunks;
}

describe('generated PDFs and the storage quota', () => {
  it('refuses the contract with a 400 naming the file when the organization’s storage is full, storing nothing', async () => {
    const f = await firm('en');
    await api.sequelize.query('UPDATE organizations SET storage_bytes = :full WHERE id = :id', {
      replacements: { id: f.org.id, full: api.deps.config.ORG_STORAGE_QUOTA_MB * 1024 * 1024 - 10 },
    });
    const res = await api.http.post(`/api/projects/${f.project.id}/contract-document`).set(f.auth);
    expect([res.status, res.body.fields?.file?.code]).toEqual([400, 'storage_quota']);
    const docs = await api.http
      .get(`/api/documents?filter=${encodeURIComponent(JSON.stringify({ project_id: f.project.id }))}`)
      .set(f.auth)
      .expect(200);
    expect(docs.body).toEqual([]);
  });
});
