import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { createEventHub, createLogger, type EventHub } from '@crm/core';
import { createTestApi, type TestApi } from '@crm/testing/api';
import { ensureAdminBuilt, launchBrowser, openPage, root, step } from '@crm/testing/admin-browser';

let api: TestApi;
let hub: EventHub;
let base: string;
let launched: Awaited<ReturnType<typeof launchBrowser>>;
let browser: Browser;

beforeAll(async () => {
  ensureAdminBuilt();
  // The back office opens the live event stream once signed in.
  hub = createEventHub(process.env.CRM_TEST_DATABASE_URL!, createLogger('bundle-test', 'silent'));
  await hub.ready();
  api = await createTestApi({ events: hub });
  base = await api.listen();
  launched = await launchBrowser();
  browser = launched.browser;
}, 180_000);
afterAll(async () => {
  await launched?.close();
  await hub?.close();
  await api?.close();
});

const assets = path.join(root, 'admin/dist/assets');
const gz = (name: string) => gzipSync(readFileSync(path.join(assets, name)), { level: 9 }).length;

describe('the back office loads screens as they are opened (Chromium)', () => {
  it('opens the sign-in page with the initial chunks only and without an error toast; the rest comes after signing in', async () => {
    const { user } = await api.register('Bundle Remont');
    const all = readdirSync(assets).filter((f) => f.endsWith('.js'));
    const { page, errors } = await openPage(browser, 'en-US');
    const fetched: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/admin/assets/') && url.pathname.endsWith('.js')) fetched.push(path.basename(url.pathname));
    });
    await step(
      () => page,
      'bundle-login',
      async () => {
        await page.goto(`${base}/admin/`);
        await page.locator('input[name=email]').waitFor();
        await page.waitForLoadState('networkidle');
      },
    );
    const initial = [...fetched];
    const initialBytes = initial.reduce((n, f) => n + gz(f), 0);
    const totalBytes = all.reduce((n, f) => n + gz(f), 0);
    expect(initial.length).toBeGreaterThan(0);
    expect(initial.every((f) => all.includes(f))).toBe(true);
    // Most of the code stays on the server until a screen needs it.
    expect(initial.length).toBeLessThan(all.length / 4);
    expect(initialBytes).toBeLessThan(totalBytes * 0.7);
    for (const screen of ['Layout', 'Dashboard', 'LeadList', 'ProjectShow', 'ChatPage', 'SettingsPage', 'ProfilePage']) {
      expect(initial.some((f) => f.startsWith(`${screen}-`))).toBe(false);
    }
    // A first visit is not an error: no "please sign in" toast.
    expect(await page.locator('.MuiSnackbarContent-root, .MuiAlert-root').count()).toBe(0);

    await page.locator('input[name=email]').fill(user.email);
    await page.locator('input[name=password]').fill('correct horse battery');
    await page.locator('button[type=submit]').click();
    await page.getByText('Лиды по этапам').waitFor({ timeout: 30_000 });
    const later = fetched.slice(initial.length);
    expect(later.some((f) => f.startsWith('Layout-'))).toBe(true);
    expect(later.some((f) => f.startsWith('Dashboard-'))).toBe(true);
    expect(later.some((f) => f.startsWith('LeadList-'))).toBe(false);
    expect(errors).toEqual([]);
  }, 120_000);
});
