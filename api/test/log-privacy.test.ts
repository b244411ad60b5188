import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Lead, User } from '@crm/database';
import { createLocalStorage, createLogger, serializeError } from '@crm/core';
import { createTestApi, TEST_JWT_SECRET, type TestApi } from '@crm/testing/api';
import { seedOrganization } from './fixtures.js';
import { rememberPersonalData, testRunLog } from './personal-data.js';

let api: TestApi;
let dir: string;
let a: Awaited<ReturnType<typeof seedOrganization>>;
const tag = Math.random().toString(36).slice(2, 8);
const PHONE = `+7912${String(Date.now()).slice(-7)}`;
const NAME = `Quentin Privacyson ${tag}`;
const TEXT = `please call me about the kitchen ${tag}`;

beforeAll(async () => {
  rememberPersonalData(PHONE, NAME, TEXT);
  dir = await mkdtemp(path.join(tmpdir(), 'crm-log-privacy-'));
  const storage = createLocalStorage({ root: dir, publicUrl: 'http://127.0.0.1:3000', secret: TEST_JWT_SECRET, defaultTtl: 60 });
  // Silent on stdout; under npm test every logger still writes the run's log file, which is what is read here.
  api = await createTestApi({ storage, logger: createLogger(`api-privacy-${tag}`, 'silent') });
  a = await seedOrganization(api);
});
afterAll(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

const linesOfThisFile = () => testRunLog().filter((line) => line.includes(`api-privacy-${tag}`));

describe('logs without personal data', () => {
  it('the error serializer drops SQL parameters, the statement and record values', async () => {
    await User.create({ org_id: a.org.id, role: 'client', name: NAME, phone: PHONE });
    const duplicate = await User.create({ org_id: a.org.id, role: 'client', name: NAME, phone: PHONE }).then(
      () => null,
      (e: unknown) => e,
    );
    const badType = await Lead.findAll({ where: { org_id: a.org.id, name: NAME, rooms: TEXT as never } }).then(
      () => null,
      (e: unknown) => e,
    );
    for (const error of [duplicate, badType]) {
      if (error === null) continue;
      const logged = JSON.stringify(serializeError(error));
      expect(logged).not.toContain(PHONE);
      expect(logged).not.toContain(NAME);
      expect(logged).not.toContain(TEXT);
      expect(JSON.parse(logged)).toMatchObject({ type: expect.any(String), message: expect.any(String) });
      expect(logged).not.toMatch(/"(sql|parameters|original|parent|fields|instance|errors)"/);
    }
    expect(badType).not.toBeNull();
    const logger = createLogger(`api-privacy-${tag}`, 'silent');
    logger.error({ err: badType, lead: { name: NAME, phone: PHONE }, text: TEXT }, 'query failed');
    const line = linesOfThisFile().find((l) => l.includes('query failed'));
    expect(line).toBeDefined();
    expect(line).not.toContain(PHONE);
    expect(line).not.toContain(NAME);
    expect(line).not.toContain(TEXT);
  });

  it('requests are logged with signed-link signatures and tokens redacted, and no headers or bodies', async () => {
    const upload = await api.http.post('/api/uploads').set(a.auth).attach('file', Buffer.from('%PDF-1.4'), 'plan.pdf');
    const url = new URL(upload.body.url as string);
    const sig = url.searchParams.get('sig')!;
    expect((await api.http.get(`${url.pathname}${url.search}`)).status).toBe(200);
    await api.http.post('/api/leads').set(a.auth).send({ name: NAME, phone: PHONE, ai_summary: TEXT });
    await api.http.get(`/api/leads?filter=${encodeURIComponent(JSON.stringify({ q: PHONE }))}`).set(a.auth);
    const lines = linesOfThisFile();
    const media = lines.find((l) => l.includes(url.pathname));
    expect(media).toContain('sig=[redacted]');
    const all = lines.join('\n');
    expect(all).not.toContain(sig);
    expect(all).not.toContain(a.token);
    expect(all).not.toMatch(/authorization/i);
  });
});
