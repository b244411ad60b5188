import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Request } from 'express';
import { Lead, QueryTypes, Transaction } from '@crm/database';
import { createLocalStorage, DomainError, numericColumnOf, parseInput } from '@crm/core';
import { resources } from '../src/resources/definitions.js';
import { badValueAnswer } from '../src/http/database-errors.js';
import { createTestApi, TEST_JWT_SECRET, type TestApi } from '@crm/testing/api';
import { seedOrganization } from './fixtures.js';

let api: TestApi;
let dir: string;
let a: Awaited<ReturnType<typeof seedOrganization>>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'crm-bad-input-'));
  const storage = createLocalStorage({ root: dir, publicUrl: 'http://127.0.0.1:3000', secret: TEST_JWT_SECRET, defaultTtl: 60 });
  api = await createTestApi({ storage });
  a = await seedOrganization(api);
});
afterAll(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

const fieldError = (schema: Parameters<typeof parseInput>[0], body: Record<string, unknown>, field: string) => {
  try {
    parseInput(schema, body);
    return undefined;
  } catch (error) {
    return ((error as DomainError).details?.fields as Record<string, string>)[field];
  }
};

describe('NUMERIC columns and their input schemas', () => {
  // Models are initialised when the database connects (beforeAll), so the columns are read in the tests.
  const numericFields = () =>
    resources.flatMap((def) =>
      Object.entries(def.model.getAttributes())
        .filter(([, attribute]) => (attribute.type as { key?: string }).key === 'DECIMAL')
        .map(([field]) => ({ def, field })),
    );

  it('every model NUMERIC column has the precision and scale of the database column', async () => {
    const numeric = numericFields();
    expect(numeric.length).toBeGreaterThanOrEqual(8);
    for (const { def, field } of numeric) {
      const [column] = await api.sequelize.query<{ numeric_precision: number; numeric_scale: number }>(
        'SELECT numeric_precision, numeric_scale FROM information_schema.columns WHERE table_name = :table AND column_name = :field',
        { replacements: { table: def.model.getTableName() as string, field }, type: QueryTypes.SELECT },
      );
      expect({ field, ...numericColumnOf(def.model, field) }).toEqual({ field, precision: column!.numeric_precision, scale: column!.numeric_scale });
    }
  });

  it('every writable NUMERIC field rejects a value beyond its column, naming it, and accepts the largest that fits', () => {
    let writable = 0;
    for (const { def, field } of numericFields()) {
      for (const schema of [def.create, def.update]) {
        if (!schema) continue;
        const { precision, scale } = numericColumnOf(def.model, field);
        const tooBig = `1${'0'.repeat(precision - scale)}`;
        // A zero whole part keeps the mark decimal ("1.001" would read as 1001: money/parse-money.ts).
        const tooFine = `0.${'0'.repeat(scale)}1`;
        const largest = `${'9'.repeat(precision - scale)}.${'9'.repeat(scale)}`;
        const problem = fieldError(schema, { [field]: tooBig }, field);
        if (problem === undefined && fieldError(schema, { [field]: 'not a number' }, field) === undefined) continue; // not writable here
        writable += 1;
        expect({ field, problem }).toEqual({ field, problem: expect.stringMatching(/below|decimals/) });
        expect({ field, problem: fieldError(schema, { [field]: tooFine }, field) }).toEqual({ field, problem: expect.any(String) });
        expect({ field, problem: fieldError(schema, { [field]: largest }, field) }).toEqual({ field, problem: undefined });
      }
    }
    expect(writable).toBeGreaterThanOrEqual(12);
  });

  it('numbers beyond a column answer 400 naming the field, not 500, and write nothing', async () => {
    const lead = await api.http.put(`/api/leads/${a.ids.leads}`).set(a.auth).send({ area_m2: '1000000', name: 'Changed' });
    expect(lead.status).toBe(400);
    expect(lead.body.fields).toHaveProperty('area_m2');
    expect((await api.http.get(`/api/leads/${a.ids.leads}`).set(a.auth)).body.name).toBe('Lead L');
    const settings = await api.http.put(`/api/organizations/${a.org.id}`).set(a.auth).send({ ai_daily_cap_usd: 123456789 });
    expect(settings.status).toBe(400);
    expect(settings.body.fields).toHaveProperty('ai_daily_cap_usd');
    const fine = await api.http.put(`/api/organizations/${a.org.id}`).set(a.auth).send({ ai_daily_cap_usd: '12.3456' });
    expect(fine.status).toBe(200);
    expect(fine.body.ai_daily_cap_usd).toBe('12.3456');
  });

  it('a database error the caller caused (SQLSTATE 22003) becomes a 400 naming the field', async () => {
    const error = await Lead.update({ area_m2: '10000000' }, { where: { id: a.ids.leads } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as { parent?: { code?: string } }).parent?.code).toBe('22003');
    const answer = badValueAnswer(error, { body: { name: 'X', area_m2: '10000000' } } as Request);
    expect(answer).toMatchObject({ error: 'validation', fields: { area_m2: 'is out of range' } });
    const notNull = await Lead.update({ source: null } as never, { where: { id: a.ids.leads }, validate: false }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(badValueAnswer(notNull, { body: {} } as Request)?.fields).toEqual({ source: 'is required' });
  });
});

describe('list filters', () => {
  it('object values answer 400 naming the filter; values of the wrong type too', async () => {
    for (const filter of [
      { status: { $gt: 'a' } },
      { status: [{ a: 1 }] },
      { project_id: 'abc' },
      { project_id: 99999999999 },
      { ai_enabled: 'maybe' },
      { created_at_gte: '2026-02-30' },
    ]) {
      const resource = 'project_id' in filter ? 'stages' : 'leads';
      const res = await api.http
        .get(`/api/${resource}`)
        .set(a.auth)
        .query({ filter: JSON.stringify(filter) });
      expect({ filter, status: res.status }).toEqual({ filter, status: 400 });
      expect(Object.keys(res.body.fields)).toEqual([`filter.${Object.keys(filter)[0]}`]);
    }
    const status = await api.http
      .get('/api/leads')
      .set(a.auth)
      .query({ filter: JSON.stringify({ status: 'nonsense' }) });
    expect(status.status).toBe(400);
  });

  it('an empty list matches nothing, in resources and in /api/chats', async () => {
    const leads = await api.http
      .get('/api/leads')
      .set(a.auth)
      .query({ filter: JSON.stringify({ id: [] }) });
    expect([leads.status, leads.body]).toEqual([200, []]);
    for (const filter of [{ status: [] }, { id: [] }]) {
      const chats = await api.http
        .get('/api/chats')
        .set(a.auth)
        .query({ filter: JSON.stringify(filter) });
      expect({ filter, status: chats.status, body: chats.body }).toEqual({ filter, status: 200, body: [] });
    }
    const objects = await api.http
      .get('/api/chats')
      .set(a.auth)
      .query({ filter: JSON.stringify({ status: { a: 1 } }) });
    expect(objects.status).toBe(400);
    expect(objects.body.fields).toHaveProperty('status');
  });
});

describe('multipart bodies', () => {
  const boundary = 'x-boundary';
  const malformed = [
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nunterminated`,
    `--${boundary}\r\nthis is not a header\r\n\r\n--${boundary}--`,
  ];

  it.each(['/api/uploads', '/api/chats/lead-1/messages'])('%s: malformed multipart answers 400 naming the body', async (url) => {
    for (const body of malformed) {
      const res = await api.http.post(url).set(a.auth).set('Content-Type', `multipart/form-data; boundary=${boundary}`).send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.fields).toBeDefined();
    }
    const noBoundary = await api.http.post(url).set(a.auth).set('Content-Type', 'multipart/form-data').send('--x--');
    expect(noBoundary.status).toBe(400);
  });

  it('uploads: two files, a wrong field and an oversize file answer 400 naming the field', async () => {
    const two = await api.http.post('/api/uploads').set(a.auth).attach('file', Buffer.from('a'), 'a.txt').attach('file', Buffer.from('b'), 'b.txt');
    expect([two.status, Object.keys(two.body.fields)]).toEqual([400, ['file']]);
    const wrong = await api.http.post('/api/uploads').set(a.auth).attach('document', Buffer.from('a'), 'a.txt');
    expect([wrong.status, Object.keys(wrong.body.fields)]).toEqual([400, ['file']]);
    const big = await api.http
      .post('/api/uploads')
      .set(a.auth)
      .attach('file', Buffer.alloc(50 * 1024 * 1024 + 1), 'big.bin');
    expect([big.status, big.body.fields]).toEqual([400, { file: { code: 'too_large', message: 'must be at most 50 MB' } }]);
  });
});

describe('other values the database cannot take', () => {
  it('sign-up checks the time zone like the settings do', async () => {
    const res = await api.http.post('/api/auth/register').send({
      organization: 'Zone Firm',
      name: 'Zed',
      email: `zone-${Date.now()}@example.test`,
      password: 'correct horse battery',
      timezone: 'Mars/Olympus',
    });
    expect(res.status).toBe(400);
    expect(res.body.fields).toHaveProperty('timezone');
  });

  it('a malformed storage key is refused before anything is written, and one already stored never breaks the list', async () => {
    const before = (await api.http.get('/api/documents').set(a.auth)).headers['content-range'];
    const doc = await api.http
      .post('/api/documents')
      .set(a.auth)
      .send({ project_id: a.ids.projects, title: 'Plan', kind: 'other', url: `org/${a.org.id}/../../etc/passwd` });
    expect(doc.status).toBe(400);
    expect(doc.body.fields).toHaveProperty('url');
    expect((await api.http.get('/api/documents').set(a.auth)).headers['content-range']).toBe(before);
    await Transaction.update({ proof_url: `org/${a.org.id}/bad key with spaces/..` }, { where: { id: a.ids.transactions } });
    const list = await api.http.get('/api/transactions').set(a.auth);
    expect(list.status).toBe(200);
    expect(list.body.find((t: { id: number }) => t.id === a.ids.transactions).proof_url).toBeNull();
  });
});
