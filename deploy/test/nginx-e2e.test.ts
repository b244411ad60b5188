// The real nginx on loopback, configured by nginx/render.mjs exactly as in production, in front of the real
// api app (buildApp) and the real bot webhook app (buildBotApp), on the real PostgreSQL: the built back
// office and Mini App, the REST API, the event stream and Telegram webhooks all work through it.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';
import { createEventHub, createLogger, createStorage, publishEvent, type EventHub, type Storage } from '@crm/core';
// @ts-expect-error plain ESM without type declarations
import { renderStandaloneConfig } from '../../nginx/render.mjs';
import { createTestApi, type TestApi } from '@crm/testing/api';
import { buildBotApp } from '@crm/bot';
import { FakeTelegram } from '@crm/testing/fake-telegram';
import {
  freePort,
  freePorts,
  nginxBinary,
  removeDir,
  selfSignedCertificate,
  startNginx,
  tempDir,
  testUser,
  type RunningNginx,
} from '@crm/testing/nginx-harness';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const adminRoot = path.join(root, 'admin/dist');
const appRoot = path.join(root, 'miniapp/dist');
const logger = createLogger('deploy-e2e', 'silent');

/** The front ends are built once if this checkout has not built them yet (CI usually has). */
function ensureBuilt() {
  const missing = [
    ['admin', adminRoot],
    ['miniapp', appRoot],
  ].filter(([, dir]) => !existsSync(path.join(dir, 'index.html')));
  if (!missing.length) return;
  const args = ['run', 'build', ...missing.flatMap(([ws]) => ['-w', ws])];
  const result = spawnSync('npm', args, { cwd: root, encoding: 'utf8', timeout: 280_000 });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

const listenOn = (app: { listen: (port: number, host: string) => Server }) =>
  new Promise<Server>((resolve) => {
    const server = app.listen(0, '127.0.0.1');
    server.once('listening', () => resolve(server));
  });
const addressOf = (server: Server) => `127.0.0.1:${(server.address() as AddressInfo).port}`;

let api: TestApi;
let events: EventHub;
let fake: FakeTelegram;
let bot: ReturnType<typeof buildBotApp>;
let botServer: Server;
let nginx: RunningNginx;
let prefix: string;
let upstreams: { api: string; bot: string };
let base: string;
let s3: S3rver;
let s3Dir: string;
let storage: Storage;
const bucket = 'crm-media';

/** s3rver with S3's default restored: a request without a signature is refused (the bucket is private). */
async function startS3() {
  s3Dir = await tempDir('nginx-e2e-s3');
  s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Dir });
  s3.middleware.unshift(async (ctx: any, next: () => Promise<unknown>) => {
    if (!('authorization' in ctx.headers) && !('X-Amz-Algorithm' in ctx.query)) {
      ctx.status = 403;
      ctx.body = 'AccessDenied';
      return;
    }
    await next();
  });
  const { port } = (await s3.run()) as AddressInfo;
  return `127.0.0.1:${port}`;
}

beforeAll(async () => {
  nginxBinary();
  ensureBuilt();
  events = createEventHub(process.env.CRM_TEST_DATABASE_URL!, logger);
  api = await createTestApi({ events, env: { SEED_DEMO: 'never' } });
  const apiUrl = new URL(await api.listen());

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  fake = await FakeTelegram.start();
  bot = buildBotApp({
    config: { TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_MODE: 'webhook', PUBLIC_URL: base, PORT: port, BOT_RECONCILE_MS: 200 },
    sequelize: api.sequelize,
    logger,
    queue: null,
  });
  botServer = await listenOn(bot.app);
  const s3Address = await startS3();
  // As in docker-compose: the server talks to S3 directly, browsers get links on the public host.
  storage = createStorage({
    S3_ENDPOINT: `http://${s3Address}`,
    S3_PUBLIC_URL: base,
    S3_ACCESS_KEY: 'S3RVER',
    S3_SECRET_KEY: 'S3RVER',
    S3_BUCKET: bucket,
    S3_REGION: 'us-east-1',
    MEDIA_URL_TTL: 120,
  });

  upstreams = { api: apiUrl.host, bot: addressOf(botServer) };
  prefix = await tempDir('nginx-e2e');
  const conf = renderStandaloneConfig({
    prefix,
    user: testUser,
    listenAddress: '127.0.0.1',
    httpPort: port,
    api: [apiUrl.host],
    bot: [addressOf(botServer)],
    adminRoot,
    appRoot,
    media: { upstream: s3Address, bucket },
  });
  nginx = await startNginx(conf, prefix, port);
}, 300_000);

afterAll(async () => {
  await nginx?.stop();
  await bot?.manager.stop();
  await new Promise((resolve) => (botServer ? botServer.close(resolve) : resolve(undefined)));
  await fake?.close();
  await events?.close();
  await api?.close();
  await s3?.close();
  await removeDir(prefix);
  await removeDir(s3Dir);
});

async function register() {
  const n = Math.random().toString(36).slice(2, 10);
  const res = await fetch(`${base}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organization: `Nginx ${n}`, name: `Admin ${n}`, email: `nginx-${n}@example.test`, password: 'correct horse battery' }),
  });
  expect(res.status).toBe(201);
  return res.json() as Promise<{ token: string; organization: { id: number } }>;
}

describe('static front ends through nginx', () => {
  it('serves the back office shell uncached, with deep links falling back to it', async () => {
    const shell = await readFile(path.join(adminRoot, 'index.html'), 'utf8');
    for (const url of ['/admin/', '/admin/leads/42/show']) {
      const res = await fetch(base + url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toBeNull(); // plain-HTTP mode
      expect(await res.text()).toBe(shell);
    }
    const bare = await fetch(`${base}/admin`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(new URL(bare.headers.get('location')!, base).pathname).toBe('/admin/');
    const rootRes = await fetch(`${base}/`, { redirect: 'manual' });
    expect(rootRes.headers.get('location')).toMatch(/\/admin\/$/);
  });

  it('serves hashed assets cached for a year and compressed; a missing asset is a 404, not the shell', async () => {
    const shell = await readFile(path.join(adminRoot, 'index.html'), 'utf8');
    const script = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(shell)?.[1];
    expect(script).toBeDefined();
    const res = await fetch(base + script!, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const body = await res.text(); // fetch decompresses
    expect(body).toBe(await readFile(path.join(adminRoot, script!.slice('/admin/'.length)), 'utf8'));
    const missing = await fetch(`${base}/admin/assets/nope-1234.js`);
    expect(missing.status).toBe(404);
  });

  it('serves the Mini App shell framable only by Telegram', async () => {
    const res = await fetch(`${base}/app/?org=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toBe('frame-ancestors https://web.telegram.org https://*.telegram.org');
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(await res.text()).toBe(await readFile(path.join(appRoot, 'index.html'), 'utf8'));
    const shell = await readFile(path.join(appRoot, 'index.html'), 'utf8');
    const asset = /(?:src|href)="(\/app\/assets\/[^"]+)"/.exec(shell)?.[1];
    expect(asset).toBeDefined();
    const assetRes = await fetch(base + asset!);
    expect(assetRes.status).toBe(200);
    expect(assetRes.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});

describe('api through nginx', () => {
  it('answers /api/health and the authenticated API', async () => {
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    const { token, organization } = await register();
    const me = await fetch(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { organization: { id: number } }).organization.id).toBe(organization.id);
    const denied = await fetch(`${base}/api/auth/me`);
    expect(denied.status).toBe(401);
  });

  it('refuses bodies over the upload limit before they reach the api', async () => {
    const res = await fetch(`${base}/api/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(51 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
  });

  it('streams /api/events unbuffered: an event arrives while the stream stays open', async () => {
    const { token, organization } = await register();
    await events.ready();
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const arrived = (async () => {
      while (!received.includes('lead.updated')) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before the event: ${received}`);
        received += decoder.decode(value, { stream: true });
      }
    })();
    const created = await fetch(`${base}/api/leads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Stream check' }),
    });
    expect(created.status).toBe(201);
    const lead = (await created.json()) as { id: number };
    // A buffering proxy would hold these few bytes back until its buffer fills or the stream ends.
    const sentAt = Date.now();
    await publishEvent(api.sequelize, { org_id: organization.id, type: 'lead.updated', data: { id: lead.id } });
    await Promise.race([arrived, new Promise((_, reject) => setTimeout(() => reject(new Error(`no event within 3 s; got: ${received}`)), 3000))]);
    expect(Date.now() - sentAt).toBeLessThan(3000);
    expect(received).toContain(`"id":${lead.id}`);
    controller.abort();
  });
});

describe('Telegram webhook through nginx', () => {
  it('delivers an update to the bot process, which journals it; a wrong secret is refused', async () => {
    const { organization } = await register();
    const botId = 7_000_000_000 + Math.floor(Math.random() * 1_000_000_000);
    const token = `${botId}:nginx-e2e-${Math.random().toString(36).slice(2)}`;
    await api.sequelize.query('UPDATE organizations SET bot_token = :token WHERE id = :id', { replacements: { token, id: organization.id } });
    await bot.manager.start();
    const fakeBot = fake.bot(token);
    const deadline = Date.now() + 15_000;
    while (!fakeBot.webhook && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(fakeBot.webhook?.url).toBe(`${base}/telegram/webhook/${botId}`);

    const update = {
      update_id: 900_001,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        text: 'Здравствуйте, нужен ремонт ванной',
        chat: { id: 555_001, type: 'private', first_name: 'Ivan' },
        from: { id: 555_001, is_bot: false, first_name: 'Ivan' },
      },
    };
    const wrong = await fakeBot.deliver(update, { secret: 'not-the-secret' });
    expect(wrong.status).toBe(401);
    const delivered = await fakeBot.deliver(update);
    expect(delivered.status).toBe(200);
    const [rows] = await api.sequelize.query('SELECT update_id FROM telegram_updates WHERE bot_id = :botId', { replacements: { botId } });
    expect(rows).toEqual([{ update_id: 900_001 }]);
    await bot.manager.idle();
  });
});

describe('media through nginx', () => {
  it('serves a presigned link on the public host from the private bucket, read-only', async () => {
    const key = `org-1/e2e-${Date.now()}.jpg`;
    const body = Buffer.from('JPEG-bytes-through-nginx');
    await storage.put(key, body, { contentType: 'image/jpeg' });
    const url = await storage.signedUrl(key, 60);
    expect(url.startsWith(`${base}/${bucket}/${key}?`)).toBe(true);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(body);

    const unsigned = await fetch(`${base}/${bucket}/${key}`);
    expect(unsigned.status).toBe(403);
    const write = await fetch(url, { method: 'PUT', body: 'overwrite' });
    expect(write.status).toBe(403);
    const again = await fetch(url);
    expect(Buffer.from(await again.arrayBuffer())).toEqual(body);
  });
  it('a document that claims to be HTML (sent to the bot, uploaded) downloads as an attachment in a sandbox', async () => {
    const key = `org-1/e2e-${Date.now()}.html`;
    const body = Buffer.from('<script>document.title = localStorage.getItem("token")</script>');
    await storage.put(key, body, { contentType: 'text/html' });
    const res = await fetch(await storage.signedUrl(key, 60));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toBe('attachment');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');

    // An image stays viewable in place, still sandboxed.
    const photo = `org-1/e2e-${Date.now()}.png`;
    await storage.put(photo, Buffer.from('PNG'), { contentType: 'image/png' });
    const shown = await fetch(await storage.signedUrl(photo, 60));
    expect(shown.headers.get('content-type')).toBe('image/png');
    expect(shown.headers.get('content-disposition')).toBe('inline');
    expect(shown.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  });
});

describe('TLS mode through nginx', () => {
  let tlsNginx: RunningNginx;
  let tlsPrefix: string;
  let ca: string;
  let httpPort: number;
  let httpsPort: number;

  beforeAll(async () => {
    tlsPrefix = await tempDir('nginx-e2e-tls');
    const tls = selfSignedCertificate(tlsPrefix, 'localhost');
    ca = await readFile(tls.certificate, 'utf8');
    await mkdir(path.join(tlsPrefix, 'acme/.well-known/acme-challenge'), { recursive: true });
    await writeFile(path.join(tlsPrefix, 'acme/.well-known/acme-challenge/token-123'), 'token-123.key-authorization');
    [httpPort, httpsPort] = await freePorts(2);
    const conf = renderStandaloneConfig({
      prefix: tlsPrefix,
      user: testUser,
      listenAddress: '127.0.0.1',
      httpPort,
      httpsPort,
      serverName: 'localhost',
      api: [upstreams.api],
      bot: [upstreams.bot],
      adminRoot,
      appRoot,
      tls,
      acmeRoot: path.join(tlsPrefix, 'acme'),
    });
    tlsNginx = await startNginx(conf, tlsPrefix, httpsPort);
  }, 60_000);

  afterAll(async () => {
    await tlsNginx?.stop();
    await removeDir(tlsPrefix);
  });

  /** GET over HTTPS, trusting only the test certificate. */
  const httpsGet = (urlPath: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      https
        .get({ host: '127.0.0.1', port: httpsPort, path: urlPath, servername: 'localhost', ca, headers: { host: 'localhost' } }, (res) => {
          let body = '';
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        })
        .on('error', reject);
    });

  it('serves the back office and the api over HTTPS with HSTS', async () => {
    const page = await httpsGet('/admin/');
    expect(page.status).toBe(200);
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(page.headers['cache-control']).toBe('no-cache');
    const health = await httpsGet('/api/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body).status).toBe('ok');
  });

  it('redirects plain HTTP to HTTPS but answers the ACME challenge on port 80', async () => {
    const redirect = await fetch(`http://127.0.0.1:${httpPort}/admin/leads?x=1`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('https://127.0.0.1/admin/leads?x=1');
    const challenge = await fetch(`http://127.0.0.1:${httpPort}/.well-known/acme-challenge/token-123`);
    expect(challenge.status).toBe(200);
    expect(await challenge.text()).toBe('token-123.key-authorization');
    const missing = await fetch(`http://127.0.0.1:${httpPort}/.well-known/acme-challenge/other`);
    expect(missing.status).toBe(404);
  });
});
