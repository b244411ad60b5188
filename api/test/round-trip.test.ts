import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChatMessage } from '@crm/database';
import { createLocalStorage } from '@crm/core';
import { TEST_JWT_SECRET, createTestApi, type TestApi } from '@crm/testing/api';
import { seedOrganization } from './fixtures.js';

let api: TestApi;
let mediaDir: string;
beforeAll(async () => {
  mediaDir = await mkdtemp(path.join(tmpdir(), 'crm-round-trip-'));
  api = await createTestApi({ storage: createLocalStorage({ root: mediaDir, publicUrl: 'http://127.0.0.1:3000', secret: TEST_JWT_SECRET, defaultTtl: 60 }) });
});
afterAll(async () => {
  await api.close();
  await rm(mediaDir, { recursive: true, force: true });
});

// What legitimately changes between two reads: the write time, and signed links (fresh signatures).
const stable = (record: Record<string, unknown>) =>
  JSON.parse(
    JSON.stringify(record, (key, value) =>
      key === 'updated_at' || key === 'last_activity_at' || (typeof value === 'string' && /[?&](sig|signature|expires|X-Amz-Signature)=/i.test(value))
        ? undefined
        : value,
    ),
  );

describe('every record a GET answers can be PUT back unchanged (react-admin sends the whole record)', () => {
  it('for one record of every resource', async () => {
    const a = await seedOrganization(api);
    const upload = await api.http.post('/api/uploads').set(a.auth).attach('file', Buffer.from('%PDF-1.4 plan'), 'plan.pdf');
    expect(upload.status).toBe(201);
    const document = await api.http.post('/api/documents').set(a.auth).send({ project_id: a.ids.projects, title: 'Plan', kind: 'other', url: upload.body.key });
    expect(document.status).toBe(201);
    await api.http
      .put(`/api/organizations/${a.org.id}`)
      .set(a.auth)
      .send({ hot_budget_threshold: '1 500 000', ai_daily_cap_usd: '2,5', country: 'by' })
      .expect(200);
    await api.http
      .put(`/api/leads/${a.ids.leads}`)
      .set(a.auth)
      .send({ phone: '8 029 123-45-67', area_m2: '45,5', rooms: 2, work_type: 'apartment' })
      .expect(200);
    const appointment = await api.http
      .post('/api/appointments')
      .set(a.auth)
      .send({ lead_id: a.ids.leads, estimator_id: a.user.id, date: '2099-06-01', time: '10:00', address: 'Lenina 1' });
    const ids: Record<string, number> = { ...a.ids, documents: document.body.id, appointments: appointment.body.id };

    let checked = 0;
    for (const [resource, id] of Object.entries(ids)) {
      const before = await api.http.get(`/api/${resource}/${id}`).set(a.auth);
      expect(before.status).toBe(200);
      const put = await api.http.put(`/api/${resource}/${id}`).set(a.auth).send(before.body);
      expect({ resource, status: put.status, body: put.status === 200 ? undefined : put.body }).toEqual({ resource, status: 200, body: undefined });
      const after = await api.http.get(`/api/${resource}/${id}`).set(a.auth);
      expect({ resource, record: stable(after.body) }).toEqual({ resource, record: stable(before.body) });
      checked += 1;
    }
    expect(checked).toBe(12);
    const org = await api.http.get(`/api/organizations/${a.org.id}`).set(a.auth);
    expect(org.body).toMatchObject({ ai_daily_cap_usd: '2.5000', hot_budget_threshold: '1500000.00', country: 'BY' });
    const lead = await api.http.get(`/api/leads/${a.ids.leads}`).set(a.auth);
    expect(lead.body).toMatchObject({ phone: '+375291234567', area_m2: '45.50' });
  });

  it('messages are not edited: PUT names why, and the record is unchanged', async () => {
    const a = await seedOrganization(api);
    const message = await ChatMessage.create({
      org_id: a.org.id,
      lead_id: a.ids.leads,
      direction: 'inbound',
      kind: 'text',
      content: 'Hello',
      status: 'received',
    } as never);
    const before = await api.http.get(`/api/chat-messages/${message.id}`).set(a.auth).expect(200);
    const put = await api.http.put(`/api/chat-messages/${message.id}`).set(a.auth).send(before.body);
    expect(put.status).toBe(403);
    expect(put.body.message).toMatch(/cannot be edited/);
  });

  it('a document record from the list can be POSTed back as a copy', async () => {
    const a = await seedOrganization(api);
    const upload = await api.http.post('/api/uploads').set(a.auth).attach('file', Buffer.from('%PDF-1.4 contract'), 'contract.pdf');
    await api.http
      .post('/api/documents')
      .set(a.auth)
      .send({ project_id: a.ids.projects, title: 'Contract', kind: 'contract', url: upload.body.key })
      .expect(201);
    const list = await api.http
      .get('/api/documents')
      .query({ filter: JSON.stringify({ project_id: a.ids.projects }) })
      .set(a.auth)
      .expect(200);
    const { id, ...record } = list.body[0];
    void id;
    const copy = await api.http.post('/api/documents').set(a.auth).send(record);
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ title: 'Contract', kind: 'contract', key: upload.body.key });
  });
});

describe("phones are read in the organization's country", () => {
  it("normalises users' and leads' phones with the organization's country as the default region", async () => {
    const a = await seedOrganization(api);
    const ru = await api.http.post('/api/users').set(a.auth).send({ name: 'Worker RU', role: 'worker', phone: '8 (900) 555-12-34' });
    expect(ru.status).toBe(201);
    expect(ru.body.phone).toBe('+79005551234');
    await api.http.put(`/api/organizations/${a.org.id}`).set(a.auth).send({ country: 'GB' }).expect(200);
    const uk = await api.http.post('/api/users').set(a.auth).send({ name: 'Worker UK', role: 'worker', phone: '07911 123456' });
    expect(uk.body.phone).toBe('+447911123456');
    const lead = await api.http.post('/api/leads').set(a.auth).send({ name: 'Lead UK', phone: '020 7946 0958' });
    expect(lead.body.phone).toBe('+442079460958');
    const bad = await api.http.post('/api/users').set(a.auth).send({ name: 'Worker ?', role: 'worker', phone: '8 900 12' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: 'validation',
      code: 'validation',
      fields: { phone: { code: 'invalid_phone', message: expect.stringContaining('phone') } },
    });
    expect(Object.keys(bad.body.fields)).toEqual(['phone']);
    const badCountry = await api.http.put(`/api/organizations/${a.org.id}`).set(a.auth).send({ country: 'UK' });
    expect(badCountry.status).toBe(400);
    expect(badCountry.body.fields).toEqual({ country: { code: 'invalid_country', message: expect.any(String) } });
  });
});

describe('errors carry stable codes beside the English text', () => {
  it('top level and per field, for schema, domain and routing errors', async () => {
    const a = await seedOrganization(api);
    const bad = await api.http.post('/api/projects').set(a.auth).send({ name: '', budget_total: 'lots', start_date: 'tomorrow' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: 'validation',
      code: 'validation',
      message: expect.any(String),
      fields: {
        name: { code: 'required', message: 'is required' },
        budget_total: { code: 'invalid_number', message: expect.any(String) },
        start_date: { code: 'invalid_date', message: expect.any(String) },
      },
    });
    const decimals = await api.http.post('/api/transactions').set(a.auth).send({ project_id: a.ids.projects, amount: '0,125', type: 'expense' });
    expect(decimals.body.fields.amount).toEqual({ code: 'too_many_decimals', message: expect.any(String) });
    const missing = await api.http.get('/api/projects/999999999').set(a.auth);
    expect(missing.body).toMatchObject({ error: 'not_found', code: 'not_found' });
    const noRoute = await api.http.get('/api/nothing-here').set(a.auth);
    expect(noRoute.body).toMatchObject({ error: 'not_found', code: 'not_found' });
    const json = await api.http.post('/api/leads').set(a.auth).set('Content-Type', 'application/json').send('{"name":');
    expect(json.body).toMatchObject({ error: 'bad_request', fields: { body: { code: 'invalid_json', message: 'must be valid JSON' } } });
  });
});
