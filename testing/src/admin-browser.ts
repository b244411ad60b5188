import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const admin = path.join(root, 'admin');

function newestMtime(target: string): number {
  if (!statSync(target).isDirectory()) return statSync(target).mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

/** Builds a Vite app unless its dist is newer than every source (the servers serve whatever dist holds). */
export function ensureViteBuilt(dir: string) {
  const index = path.join(dir, 'dist/index.html');
  const sources = Math.max(newestMtime(path.join(dir, 'src')), newestMtime(path.join(dir, 'index.html')), newestMtime(path.join(dir, 'vite.config.ts')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: dir, stdio: 'pipe' });
}

/** The back office, built when stale (the api serves admin/dist). */
export const ensureAdminBuilt = () => ensureViteBuilt(admin);

/** Chromium for a test (./chromium.ts); `extraArgs` add switches (a fake microphone, for one). */
export async function launchBrowser(extraArgs: string[] = []) {
  const browser = await launchChromium(extraArgs);
  return { browser, close: () => browser.close() };
}

/** Each opened page's console errors, so a failed step can tell them. */
const consoleErrors = new WeakMap<Page, string[]>();

/** A page that records console errors and uncaught exceptions, so a test can require a clean console. */
export async function openPage(browser: Browser, locale = 'en-US', viewport = { width: 1440, height: 900 }) {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  consoleErrors.set(page, errors);
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return { page, context, errors };
}

async function screenshot(page: Page | undefined, name: string) {
  if (!page) return;
  const dir = path.join(root, '.test-artifacts');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `admin-${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: false }).catch(() => {});
}

/**
 * Runs a browser step and, when it fails, leaves a screenshot in .test-artifacts/ and adds to the error
 * how long the step ran, the page's address and its console errors (the screenshot shows the page only
 * as it was afterwards).
 */
export async function step<T>(page: () => Page | undefined, name: string, body: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await body();
  } catch (error) {
    const current = page();
    await screenshot(current, name);
    if (error instanceof Error && current) {
      const errors = consoleErrors.get(current) ?? [];
      error.message += `\n(step "${name}" failed after ${Date.now() - started} ms at ${current.url()}; console errors: ${errors.length ? errors.join(' | ') : 'none'})`;
    }
    throw error;
  }
}

/**
 * Drags with the mouse the way @hello-pangea/dnd expects a person to: press, a couple of small moves to
 * lift the card, a slow glide to the target, a pause, release.
 */
export async function dragTo(page: Page, from: string, to: string) {
  const source = await page.locator(from).boundingBox();
  const target = await page.locator(to).boundingBox();
  if (!source || !target) throw new Error(`cannot drag ${from} to ${to}: not visible`);
  const start = { x: source.x + source.width / 2, y: source.y + source.height / 2 };
  const end = { x: target.x + target.width / 2, y: target.y + 120 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 2, start.y + 2);
  await page.mouse.move(start.x + 6, start.y + 6);
  await page.waitForTimeout(100);
  await page.mouse.move(end.x, end.y, { steps: 20 });
  await page.waitForTimeout(300);
  await page.mouse.up();
}

/** Opens the back office and signs in; answers when the dashboard shows `ready` (a text in the account's language). */
export async function signIn(browser: Browser, base: string, account: { email: string; password: string }, ready: string, locale = 'ru-RU') {
  const opened = await openPage(browser, locale);
  await step(
    () => opened.page,
    'sign-in',
    async () => {
      await opened.page.goto(`${base}/admin/`);
      await opened.page.locator('input[name=email]').fill(account.email);
      await opened.page.locator('input[name=password]').fill(account.password);
      await opened.page.locator('button[type=submit]').click();
      await opened.page.getByText(ready).first().waitFor({ timeout: 15_000 });
    },
  );
  return opened;
}
