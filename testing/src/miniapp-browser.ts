import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromiumProfile } from './chromium.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const miniapp = path.join(root, 'miniapp');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(file) : statSync(file).mtimeMs);
  }
  return newest;
}

/** Builds the Mini App when dist is missing or older than its sources (the api serves whatever dist holds). */
export function ensureMiniAppBuilt() {
  const index = path.join(miniapp, 'dist/index.html');
  const sources = Math.max(newestMtime(path.join(miniapp, 'src')), statSync(path.join(miniapp, 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: miniapp,
    stdio: 'pipe',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Chromium on a fresh profile of its own (./chromium.ts), phone-sized as a Telegram WebView. */
export function launchBrowser(): Promise<BrowserContext> {
  return launchChromiumProfile('miniapp', { viewport: { width: 390, height: 844 }, locale: 'en-US' });
}

/** The Mini App URL as Telegram opens it: init data and platform in the fragment. */
export function miniAppUrl(base: string, orgId: number, initData: string, theme?: Record<string, string>) {
  return telegramOpens(`${base}/app/?org=${orgId}`, initData, theme);
}

/** Any Mini App address (a `web_app` button's URL) as Telegram opens it: the same address, init data and platform in the fragment. */
export function telegramOpens(url: string, initData: string, theme?: Record<string, string>) {
  const fragment = new URLSearchParams({ tgWebAppData: initData, tgWebAppVersion: '8.0', tgWebAppPlatform: 'tdesktop' });
  if (theme) fragment.set('tgWebAppThemeParams', JSON.stringify(theme));
  return `${url}#${fragment.toString()}`;
}

export async function screenshotOnFailure(page: Page | undefined, name: string) {
  if (!page) return;
  const dir = path.join(root, '.test-artifacts');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true }).catch(() => {});
}

/** A solid-colour PNG, so photos are real images the browser decodes. */
export function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  header[10] = 0;
  header[11] = 0;
  header[12] = 0;
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
