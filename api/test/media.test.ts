import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalStorage, mediaKey, signMediaKey, type LocalStorage } from '@crm/core';
import { createTestApi, TEST_JWT_SECRET, type TestApi } from '@crm/testing/api';

let api: TestApi;
let storage: LocalStorage;
let dir: string;

const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'crm-media-api-'));
  storage = createLocalStorage({ root: dir, publicUrl: 'http://127.0.0.1:3000', secret: TEST_JWT_SECRET, defaultTtl: 60 });
  api = await createTestApi({ storage });
});
afterAll(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('GET /api/media/<key> (local storage, signed links)', () => {
  it('serves a file by its signed URL without any auth header', async () => {
    const key = mediaKey(1, { contentType: 'image/png' });
    await storage.put(key, Buffer.from([0x89, 0x50, 0x4e, 0x47]), { contentType: 'image/png' });
    const res = await api.http.get(pathOf(await storage.signedUrl(key)));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-length']).toBe('4');
    expect(res.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.from(res.body)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const head = await api.http.head(pathOf(await storage.signedUrl(key)));
    expect(head.status).toBe(200);
  });

  it('refuses expired, forged and borrowed signatures with 403', async () => {
    const key = mediaKey(1, { ext: 'jpg' });
    const other = mediaKey(2, { ext: 'jpg' });
    await storage.put(key, Buffer.from('a'), { contentType: 'image/jpeg' });
    await storage.put(other, Buffer.from('b'), { contentType: 'image/jpeg' });
    const past = Math.floor(Date.now() / 1000) - 1;
    const future = Math.floor(Date.now() / 1000) + 60;
    const cases = [
      `/api/media/${key}?exp=${past}&sig=${signMediaKey(TEST_JWT_SECRET, key, past)}`, // expired
      `/api/media/${key}?exp=${future}&sig=${signMediaKey('not-the-secret-but-long-enough-0123456789', key, future)}`, // forged
      `/api/media/${other}?exp=${future}&sig=${signMediaKey(TEST_JWT_SECRET, key, future)}`, // another file's signature
      `/api/media/${key}?exp=${future + 10}&sig=${signMediaKey(TEST_JWT_SECRET, key, future)}`, // stretched expiry
      `/api/media/${key}`, // no signature
      `/api/media/${key}?exp=${future}&sig=${signMediaKey(TEST_JWT_SECRET, key, future)}&sig=x`, // ambiguous
    ];
    for (const url of cases) {
      const res = await api.http.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 403 });
    }
  });

  it('cannot be walked out of the media directory, even with a valid signature', async () => {
    const future = Math.floor(Date.now() / 1000) + 60;
    for (const key of ['../../etc/passwd', 'org/../../../etc/passwd', '..%2f..%2fetc%2fpasswd', '.meta/x.json']) {
      const res = await api.http.get(`/api/media/${key}?exp=${future}&sig=${signMediaKey(TEST_JWT_SECRET, key, future)}`);
      expect([403, 404]).toContain(res.status);
      expect(res.text ?? '').not.toMatch(/root:/);
    }
  });

  it('answers 404 for a validly signed link to a missing file', async () => {
    const res = await api.http.get(pathOf(await storage.signedUrl(mediaKey(1, { ext: 'pdf' }))));
    expect(res.status).toBe(404);
  });

  it('serves anything that is not plainly media as a sandboxed download', async () => {
    const key = mediaKey(1, { ext: 'html' });
    await storage.put(key, Buffer.from('<script>alert(1)</script>'), { contentType: 'text/html' });
    const res = await api.http.get(pathOf(await storage.signedUrl(key)));
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(res.headers['content-type']).toBe('application/octet-stream');
  });

  it('stores only whitelisted types: HTML or SVG under an image name is still a sandboxed download', async () => {
    for (const [ext, declared] of [
      ['jpg', 'text/html'],
      ['png', 'image/svg+xml'],
      ['pdf', 'application/xhtml+xml'],
    ] as const) {
      const key = mediaKey(1, { ext });
      await storage.put(key, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), { contentType: declared });
      const res = await api.http.get(pathOf(await storage.signedUrl(key)));
      expect({ declared, type: res.headers['content-type'], disposition: res.headers['content-disposition'] }).toEqual({
        declared,
        type: 'application/octet-stream',
        disposition: 'attachment',
      });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    }
  });
});
