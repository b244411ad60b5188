import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { createLocalStorage, createStorage, isValidKey, mediaKey, signMediaKey, type LocalStorage } from './index.js';

const secret = 'test-media-secret-0123456789abcdef';
let dir: string;
let storage: LocalStorage;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'crm-media-'));
  storage = createLocalStorage({ root: dir, publicUrl: 'http://127.0.0.1:3000/', secret, defaultTtl: 60 });
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('media keys', () => {
  it('follow org/<org_id>/<yyyy>/<mm>/<uuid>.<ext>', () => {
    const key = mediaKey(42, { contentType: 'image/jpeg', now: new Date('2026-03-05T10:00:00Z') });
    expect(key).toMatch(/^org\/42\/2026\/03\/[0-9a-f-]{36}\.jpg$/);
    expect(mediaKey(1, { fileName: 'Смета.PDF' })).toMatch(/\.pdf$/);
    expect(mediaKey(1, { contentType: 'application/x-unknown' })).toMatch(/\.bin$/);
  });

  it('rejects traversal and odd keys', () => {
    for (const bad of ['../etc/passwd', 'org/../../x', '/abs/path', 'org//x', '.meta/x.json', 'a/..', 'a\\b', '']) {
      expect(isValidKey(bad)).toBe(false);
    }
    expect(isValidKey('org/1/2026/01/abc.jpg')).toBe(true);
  });
});

describe('local storage', () => {
  it('stores, reads back with content type and size, and removes', async () => {
    const key = mediaKey(7, { contentType: 'text/plain' });
    expect(await storage.exists(key)).toBe(false);
    await storage.put(key, Buffer.from('привет'), { contentType: 'text/plain; charset=utf-8' });
    expect(await storage.exists(key)).toBe(true);
    const object = await storage.get(key);
    // Text is not on the whitelist of inline types: stored as a download.
    expect(object.contentType).toBe('application/octet-stream');
    expect(object.size).toBe(Buffer.byteLength('привет'));
    expect(await text(object.stream)).toBe('привет');
    await storage.remove(key);
    expect(await storage.exists(key)).toBe(false);
    await expect(storage.get(key)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses keys that would escape the root', async () => {
    await expect(storage.put('../outside.txt', Buffer.from('x'))).rejects.toMatchObject({ code: 'validation' });
    await expect(storage.get('org/../../etc/passwd')).rejects.toMatchObject({ code: 'validation' });
    await expect(fs.access(path.join(dir, '..', 'outside.txt'))).rejects.toThrow();
  });

  it('signs URLs that verify until they expire', async () => {
    const key = 'org/7/2026/01/photo.jpg';
    const url = new URL(await storage.signedUrl(key, 30));
    expect(url.origin).toBe('http://127.0.0.1:3000');
    expect(url.pathname).toBe(`/api/media/${key}`);
    const exp = url.searchParams.get('exp')!;
    const sig = url.searchParams.get('sig')!;
    expect(Number(exp)).toBeGreaterThan(Date.now() / 1000);
    expect(storage.verify(key, exp, sig)).toBe(true);
    // expired
    expect(storage.verify(key, exp, sig, Number(exp) + 1)).toBe(false);
    // forged: other key, other expiry, other secret, garbage
    expect(storage.verify('org/8/2026/01/photo.jpg', exp, sig)).toBe(false);
    expect(storage.verify(key, String(Number(exp) + 3600), sig)).toBe(false);
    expect(storage.verify(key, exp, signMediaKey('another-secret-0123456789abcdefgh', key, Number(exp)))).toBe(false);
    expect(storage.verify(key, exp, 'x')).toBe(false);
    expect(storage.verify(key, '1e12', sig)).toBe(false);
  });

  it('createStorage picks local disk under <DATA_DIR>/media and signs with the fallback secret', async () => {
    const local = createStorage({ DATA_DIR: dir, JWT_SECRET: secret, PORT: 4000 });
    expect(local.kind).toBe('local');
    const key = mediaKey(3, { ext: 'png' });
    await local.put(key, Buffer.from([1, 2, 3]), { contentType: 'image/png' });
    await expect(fs.readFile(path.join(dir, 'media', key))).resolves.toEqual(Buffer.from([1, 2, 3]));
    expect(await local.signedUrl(key)).toMatch(/^http:\/\/localhost:4000\/api\/media\/org\/3\//);
  });
});
