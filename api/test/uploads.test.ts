// /api/uploads is for staff: clients are refused, each organization has a storage quota and a cap
// on concurrent uploads, and files stream into storage rather than sitting whole in memory.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createLocalStorage, signToken, type LocalStorage } from '@crm/core';
import { bearer, createTestApi, TEST_JWT_SECRET, type TestApi } from '@crm/testing/api';
import { seedClientWorld } from '@crm/testing/miniapp-fixtures';

let api: TestApi;
let dir: string;
let storage: LocalStorage;
const bodies: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'crm-uploads-'));
  const local = createLocalStorage({ root: dir, publicUrl: 'http://127.0.0.1:3000', secret: TEST_JWT_SECRET, defaultTtl: 60 });
  // The real local storage, noting what kind of body each write receives.
  storage = {
    ...local,
    put: (key: string, body: Buffer | Readable, options?: { contentType?: string }) => {
      bodies.push(Buffer.isBuffer(body) ? 'buffer' : 'stream');
      return local.put(key, body, options);
    },
  };
  api = await createTestApi({ storage, env: { ORG_STORAGE_QUOTA_MB: '1', UPLOADS_PER_ORG: '1' } });
});
afterAll(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

const storedFiles = async (orgId: number) => {
  const found: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory()) await walk(path.join(d, entry.name));
      else found.push(entry.name);
    }
  };
  await walk(path.join(dir, 'org', String(orgId)));
  return found;
};

describe('POST /api/uploads', () => {
  it('streams a staff upload into storage with a whitelisted type', async () => {
    const { token, org } = await api.register();
    const res = await api.http
      .post('/api/uploads')
      .set(bearer(token))
      .attach('file', Buffer.from('%PDF-1.4 estimate'), { filename: 'estimate.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ file_name: 'estimate.pdf', mime_type: 'application/pdf', size: 17 });
    expect(res.body.key).toMatch(new RegExp(`^org/${org.id}/\\d{4}/\\d{2}/[0-9a-f-]{36}\\.pdf$`));
    expect(bodies.at(-1)).toBe('stream');

    const page = await api.http
      .post('/api/uploads')
      .set(bearer(token))
      .attach('file', Buffer.from('<script>x</script>'), { filename: 'page.html', contentType: 'text/html' });
    expect(page.status).toBe(201);
    expect(page.body.mime_type).toBe('application/octet-stream');
  });

  it('refuses Mini App client tokens', async () => {
    const { org } = await api.register();
    const world = await seedClientWorld(org.id);
    const client = signToken({ kind: 'client', sub: world.client.id, org_id: org.id, telegram_id: Number(world.client.telegram_id) }, TEST_JWT_SECRET, '1h');
    expect((await api.http.get('/api/miniapp/projects').set(bearer(client))).status).toBe(200);
    const res = await api.http.post('/api/uploads').set(bearer(client)).attach('file', Buffer.from('x'), { filename: 'x.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(403);
    expect(await storedFiles(org.id)).toEqual([]);
  });

  it('keeps each organization within its storage quota, leaving nothing behind when refused', async () => {
    const { token, org } = await api.register();
    const other = await api.register();
    const part = Buffer.alloc(700 * 1024, 1);
    expect((await api.http.post('/api/uploads').set(bearer(token)).attach('file', part, { filename: 'a.jpg', contentType: 'image/jpeg' })).status).toBe(201);
    const over = await api.http.post('/api/uploads').set(bearer(token)).attach('file', part, { filename: 'b.jpg', contentType: 'image/jpeg' });
    expect(over.status).toBe(400);
    expect(over.body.fields.file).toMatchObject({ code: 'storage_quota' });
    expect(await storedFiles(org.id)).toHaveLength(1);
    const usage = (await api.sequelize.query('SELECT storage_bytes::int AS used FROM organizations WHERE id = :id', {
      replacements: { id: org.id },
      plain: true,
    })) as { used: number };
    expect(usage.used).toBe(part.length);
    // Full now: refused before a byte is stored. Another organization is not affected.
    const full = await api.http.post('/api/uploads').set(bearer(token)).attach('file', part, { filename: 'c.jpg', contentType: 'image/jpeg' });
    expect(full.status).toBe(400);
    expect((await api.http.post('/api/uploads').set(bearer(other.token)).attach('file', part, { filename: 'a.jpg', contentType: 'image/jpeg' })).status).toBe(
      201,
    );
  });

  it('caps concurrent uploads per organization with 429 and Retry-After', async () => {
    const { token } = await api.register();
    const base = await api.listen();
    // A slow upload: the headers and the first bytes go out, the rest waits.
    const boundary = 'slowboundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
    const slow = http.request(`${base}/api/uploads`, {
      method: 'POST',
      headers: { ...bearer(token), 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    });
    const slowDone = new Promise<number>((resolve, reject) => {
      slow.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      slow.on('error', reject);
    });
    slow.write(head);
    slow.write(Buffer.alloc(1024, 7));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const second = await api.http.post('/api/uploads').set(bearer(token)).attach('file', Buffer.from('x'), { filename: 'x.jpg', contentType: 'image/jpeg' });
    expect(second.status).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);

    slow.end(`\r\n--${boundary}--\r\n`);
    expect(await slowDone).toBe(201);
    const third = await api.http.post('/api/uploads').set(bearer(token)).attach('file', Buffer.from('x'), { filename: 'x.jpg', contentType: 'image/jpeg' });
    expect(third.status).toBe(201);
  });
});
