import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import S3rver from 's3rver';
import { createStorage, mediaKey, type Storage } from './index.js';

// A real S3-protocol server on loopback, spoken to by the real `minio` client. s3rver checks
// presigned-URL expiry (not V4 signatures) but grants anonymous reads to everything; the middleware below restores
// S3's default (no public grant → anonymous requests refused) and records any public grant, so the
// privacy test fails if the storage ever asks for a public ACL or a bucket policy.
let server: S3rver;
let dir: string;
let endpoint: string;
let storage: Storage;
const publicGrants: string[] = [];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'crm-s3-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  server.middleware.unshift(async (ctx: any, next: () => Promise<unknown>) => {
    const acl = String(ctx.get('x-amz-acl') || ctx.query['x-amz-acl'] || '');
    if (acl.startsWith('public')) publicGrants.push(`${ctx.method} ${ctx.path} acl=${acl}`);
    if ('policy' in ctx.query && ctx.method === 'PUT') publicGrants.push(`${ctx.method} ${ctx.path} policy`);
    const signed = 'authorization' in ctx.headers || 'X-Amz-Algorithm' in ctx.query || 'Signature' in ctx.query;
    if (!signed && publicGrants.length === 0) {
      ctx.status = 403;
      ctx.type = 'application/xml';
      ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
      return;
    }
    await next();
  });
  const address = (await server.run()) as AddressInfo;
  endpoint = `http://127.0.0.1:${address.port}`;
  storage = createStorage({
    S3_ENDPOINT: endpoint,
    S3_ACCESS_KEY: 'S3RVER',
    S3_SECRET_KEY: 'S3RVER',
    S3_BUCKET: 'crm-media',
    S3_REGION: 'us-east-1',
    MEDIA_URL_TTL: 120,
  });
});

afterAll(async () => {
  await server?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('S3 storage through the minio client', () => {
  it('stores a document that claims to be HTML as octet-stream and its link downloads it', async () => {
    const key = mediaKey(5, { contentType: 'text/html', fileName: 'invoice.html' });
    await storage.put(key, Buffer.from('<script>alert(1)</script>'), { contentType: 'text/html; charset=utf-8' });
    expect((await storage.get(key)).contentType).toBe('application/octet-stream');
    const res = await fetch(await storage.signedUrl(key, 60));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toBe('attachment');

    // A disguised key (.jpg holding HTML): the link still fixes the type, and it is an image, never a page.
    const disguised = mediaKey(5, { ext: 'jpg' });
    await storage.put(disguised, Buffer.from('<html><script>alert(1)</script></html>'), { contentType: 'text/html' });
    const shown = await fetch(await storage.signedUrl(disguised, 60));
    expect(shown.headers.get('content-type')).toBe('image/jpeg');
    expect(shown.headers.get('content-disposition')).toBe('inline');
  });

  it('creates the bucket, uploads, and serves a presigned download over HTTP', async () => {
    expect(storage.kind).toBe('s3');
    const key = mediaKey(5, { contentType: 'image/png' });
    const body = Buffer.from('PNG-bytes-for-test');
    await storage.put(key, body, { contentType: 'image/png' });
    expect(await storage.exists(key)).toBe(true);

    const object = await storage.get(key);
    expect(object.size).toBe(body.length);
    expect(object.contentType).toBe('image/png');
    expect(await text(object.stream)).toBe(body.toString());

    const url = await storage.signedUrl(key, 60);
    expect(url.startsWith(`${endpoint}/crm-media/${key}?`)).toBe(true);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(body);
  });

  it('keeps objects private: anonymous and expired requests are refused', async () => {
    const key = mediaKey(5, { ext: 'txt' });
    await storage.put(key, Buffer.from('secret plan'), { contentType: 'text/plain' });
    expect(publicGrants).toEqual([]);

    const anonymous = await fetch(`${endpoint}/crm-media/${key}`);
    expect(anonymous.status).toBe(403);

    // s3rver does not recompute V4 signatures, but it does enforce the expiry of a presigned URL.
    const shortLived = await storage.signedUrl(key, 1);
    expect((await fetch(shortLived)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await fetch(shortLived)).status).toBe(403);
  });

  it('reports a missing object as not found', async () => {
    const key = mediaKey(5, { ext: 'jpg' });
    expect(await storage.exists(key)).toBe(false);
    await expect(storage.get(key)).rejects.toMatchObject({ code: 'not_found' });
    const response = await fetch(await storage.signedUrl(key, 60));
    expect(response.status).toBe(404);
  });

  it('removes objects', async () => {
    const key = mediaKey(5, { ext: 'bin' });
    await storage.put(key, Buffer.from([0, 1]));
    await storage.remove(key);
    expect(await storage.exists(key)).toBe(false);
  });
});
