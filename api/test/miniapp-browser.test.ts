/// <reference lib="dom" />
import type { Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { ChangeRequest, Notification, Project } from '@crm/database';
import { createStorage, decideChangeRequest } from '@crm/core';
import { TEST_JWT_SECRET, bearer, createTestApi, type TestApi } from '@crm/testing/api';
import { ensureMiniAppBuilt, freePort, launchBrowser, miniAppUrl, png, screenshotOnFailure } from '@crm/testing/miniapp-browser';
import { initDataFor, seedClientWorld, type ClientWorld } from '@crm/testing/miniapp-fixtures';

let api: TestApi;
let server: Server;
let base: string;
let dataDir: string;
let browser: BrowserContext;
let page: Page | undefined;
let w: ClientWorld;
let staffToken: string;

const money = (key: string) => page!.getByTestId(`money-${key}`).locator('dd');

beforeAll(async () => {
  ensureMiniAppBuilt();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'miniapp-browser-'));
  const storage = createStorage({ DATA_DIR: dataDir, PUBLIC_URL: base, JWT_SECRET: TEST_JWT_SECRET });
  api = await createTestApi({ storage, env: { PUBLIC_URL: base } });
  server = api.app.listen(port, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));

  const admin = await api.register();
  staffToken = admin.token;
  const orgId = admin.org.id;
  const keys = {
    photos: [`org/${orgId}/2026/11/p1.png`, `org/${orgId}/2026/11/p2.png`],
    voice: `org/${orgId}/2026/11/v1.ogg`,
    document: `org/${orgId}/2026/11/contract.pdf`,
  };
  await storage.put(keys.photos[0]!, png(64, 48, [200, 60, 60]), { contentType: 'image/png' });
  await storage.put(keys.photos[1]!, png(65, 48, [60, 60, 200]), { contentType: 'image/png' });
  await storage.put(keys.voice, Buffer.from('OggS-voice-note'), { contentType: 'audio/ogg' });
  await storage.put(keys.document, Buffer.from('%PDF-1.4 contract'), { contentType: 'application/pdf' });
  w = await seedClientWorld(orgId, { mediaKeys: keys });
  browser = await launchBrowser();
}, 120_000);

/** Runs a browser step; on failure keeps a screenshot of the page in .test-artifacts/. */
const guard = (fn: () => Promise<void>) => async () => {
  try {
    await fn();
  } catch (error) {
    await screenshotOnFailure(page, expect.getState().currentTestName ?? 'miniapp');
    throw error;
  }
};

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
  await api?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function open(theme?: Record<string, string>) {
  page = await browser.newPage();
  await page.goto(miniAppUrl(base, w.org.id, initDataFor(w.botToken, { id: w.client.telegram_id!, language_code: 'en' }), theme));
  await page.getByTestId('overall-progress').waitFor();
  return page;
}

describe('Mini App in Chromium', () => {
  it(
    'shows the dashboard with the right progress, stages and money',
    guard(async () => {
      const p = await open();
      expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe('Flat on Baker Street');
      expect(await p.getByTestId('overall-progress').textContent()).toBe('31%');
      expect(await p.getByTestId('stage').allTextContents()).toEqual([
        expect.stringContaining('Demolition'),
        expect.stringContaining('Electrics'),
        expect.stringContaining('Tiling'),
      ]);
      expect(await p.getByTestId('stage').nth(1).textContent()).toContain('In progress · 50%');
      expect(await money('contract_base').textContent()).toBe('€9,500');
      expect(await money('change_orders_approved').textContent()).toBe('+€500');
      expect(await money('budget_total').textContent()).toBe('€10,000');
      expect(await money('paid').textContent()).toBe('€3,000.10');
      expect(await money('to_pay').textContent()).toBe('€6,999.90');
      expect(await money('spent').textContent()).toBe('€1,500.45');
      expect(await money('remaining').textContent()).toBe('€8,499.55');
      expect(await p.getByText('2 change requests waiting for you').count()).toBe(1);
      await p.close();
    }),
    60_000,
  );

  it(
    'follows the Telegram theme (dark)',
    guard(async () => {
      const p = await open({
        bg_color: '#17212b',
        secondary_bg_color: '#0e1621',
        text_color: '#f5f5f5',
        button_color: '#5288c1',
        button_text_color: '#ffffff',
        hint_color: '#708499',
      });
      expect(await p.evaluate(() => document.documentElement.dataset.scheme)).toBe('dark');
      expect(await p.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(14, 22, 33)');
      expect(await p.evaluate(() => getComputedStyle(document.querySelector('.tab.active')!).backgroundColor)).toBe('rgb(82, 136, 193)');
      await p.close();
    }),
    60_000,
  );

  it(
    'shows the feed newest first with photos full screen (swipe to the next) and a playable voice note',
    guard(async () => {
      const p = await open();
      await p.getByRole('tab', { name: 'Reports' }).click();
      await p.getByTestId('report').first().waitFor();
      expect(await p.getByTestId('report').allTextContents()).toEqual([
        expect.stringContaining('Cables laid in the kitchen'),
        expect.stringContaining('Walls removed'),
      ]);
      const thumbs = p.getByTestId('report').first().locator('.thumb img');
      expect(await thumbs.count()).toBe(2);
      await p.waitForFunction(() =>
        [...document.querySelectorAll('.thumb img')].every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0),
      );
      expect(await thumbs.evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth))).toEqual([64, 65]);
      const audio = p.getByTestId('report').first().locator('audio');
      expect(await audio.getAttribute('src')).toMatch(/\/api\/media\/org\/\d+\/2026\/11\/v1\.ogg\?exp=\d+&sig=/);
      expect(await audio.getAttribute('controls')).not.toBeNull();

      await thumbs.first().click();
      const viewer = p.getByTestId('photo-viewer');
      await viewer.waitFor();
      expect(await p.getByTestId('viewer-position').textContent()).toBe('1 / 2');
      await viewer.locator('.viewer-track').evaluate((el) => el.scrollTo({ left: el.clientWidth }));
      await p.waitForFunction(() => document.querySelector('[data-testid="viewer-position"]')?.textContent === '2 / 2');
      await p.keyboard.press('ArrowLeft');
      await p.waitForFunction(() => document.querySelector('[data-testid="viewer-position"]')?.textContent === '1 / 2');
      await p.getByRole('button', { name: 'close' }).click();
      expect(await viewer.count()).toBe(0);
      await p.close();
    }),
    60_000,
  );

  it(
    'approves a change request after confirmation: the budget grows and the manager is notified',
    guard(async () => {
      const p = await open();
      await p.getByRole('tab', { name: /Changes/ }).click();
      await p.getByTestId('change-pending').first().waitFor();
      const heated = p.getByTestId('change-pending').filter({ hasText: 'Heated floor' });
      expect(await heated.textContent()).toContain('+€1,250.50');
      await heated.getByRole('button', { name: 'Approve' }).click();
      expect(await p.getByTestId('confirm-sheet').textContent()).toContain('Approve “Heated floor” for +€1,250.50?');
      expect((await ChangeRequest.findByPk(w.pending.id))!.status).toBe('pending');
      await p.getByTestId('confirm-decision').click();
      await p.getByTestId('change-decided').filter({ hasText: 'Heated floor' }).waitFor();
      expect(await p.getByTestId('change-decided').filter({ hasText: 'Heated floor' }).textContent()).toMatch(/✓ Approved.*Carl Client/);
      expect(await p.getByTestId('change-pending').count()).toBe(1);

      expect((await Project.findByPk(w.project.id))!.budget_total).toBe('11250.50');
      const note = await Notification.findOne({ where: { org_id: w.org.id, user_id: w.manager.id, type: 'change_request.approved' } });
      expect(note?.payload).toMatchObject({ change_request_id: w.pending.id, budget_total: '11250.50' });
      const staffView = await api.http.get(`/api/change-requests/${w.pending.id}`).set(bearer(staffToken));
      expect(staffView.body).toMatchObject({ status: 'approved', decided_by: w.client.id });

      await p.getByRole('tab', { name: 'Overview' }).click();
      await p.waitForFunction(() => document.querySelector('[data-testid="money-budget_total"] dd')?.textContent === '€11,250.50');
      expect(await money('change_orders_approved').textContent()).toBe('+€1,750.50');
      await p.close();
    }),
    60_000,
  );

  it(
    'declines a change request without touching the budget',
    guard(async () => {
      const p = await open();
      await p.getByRole('tab', { name: /Changes/ }).click();
      const niche = p.getByTestId('change-pending').filter({ hasText: 'Ceiling niche' });
      await niche.getByRole('button', { name: 'Decline' }).click();
      expect(await p.getByTestId('confirm-sheet').textContent()).toContain('Decline “Ceiling niche”?');
      await p.getByTestId('confirm-decision').click();
      await p.getByTestId('change-decided').filter({ hasText: 'Ceiling niche' }).waitFor();
      expect(await p.getByTestId('change-decided').filter({ hasText: 'Ceiling niche' }).textContent()).toContain('✕ Declined');
      expect((await ChangeRequest.findByPk(w.pending2.id))!.status).toBe('rejected');
      expect((await Project.findByPk(w.project.id))!.budget_total).toBe('11250.50');
      expect(await p.getByText('No change requests').count()).toBe(0);
      await p.close();
    }),
    60_000,
  );

  it(
    'refuses a second decision: decided elsewhere (e.g. in the chat) while the screen was open',
    guard(async () => {
      const late = await ChangeRequest.create({ org_id: w.org.id, project_id: w.project.id, title: 'Extra door', amount: '400.00' });
      const p = await open();
      await p.getByRole('tab', { name: /Changes/ }).click();
      const card = p.getByTestId('change-pending').filter({ hasText: 'Extra door' });
      await card.waitFor();
      await decideChangeRequest(api.sequelize, {
        org_id: w.org.id,
        change_request_id: late.id,
        decision: 'rejected',
        decided_by: w.client.id,
        client_id: w.client.id,
      });
      await card.getByRole('button', { name: 'Approve' }).click();
      await p.getByTestId('confirm-decision').click();
      await p.getByText('This request was already decided.').waitFor();
      expect(await p.getByTestId('change-decided').filter({ hasText: 'Extra door' }).textContent()).toContain('Declined');
      expect((await ChangeRequest.findByPk(late.id))!.status).toBe('rejected');
      expect((await Project.findByPk(w.project.id))!.budget_total).toBe('11250.50');
      await p.close();
    }),
    60_000,
  );

  it(
    'talks to Telegram: ready, expand, the main button confirms, the back button cancels',
    guard(async () => {
      const windowSills = await ChangeRequest.create({ org_id: w.org.id, project_id: w.project.id, title: 'Window sills', amount: '220.00' });
      const tiles = await ChangeRequest.create({ org_id: w.org.id, project_id: w.project.id, title: 'Premium tiles', amount: '900.00' });
      page = await browser.newPage();
      // How Telegram's apps receive a Mini App's calls: a proxy object on window.
      await page.addInitScript(() => {
        const events: Array<[string, unknown]> = [];
        Object.assign(window, {
          __tgEvents: events,
          TelegramWebviewProxy: { postEvent: (type: string, data: string) => events.push([type, data ? JSON.parse(data) : null]) },
        });
      });
      await page.goto(miniAppUrl(base, w.org.id, initDataFor(w.botToken, { id: w.client.telegram_id!, language_code: 'en' })));
      await page.getByTestId('overall-progress').waitFor();
      const events = () => page!.evaluate(() => (window as unknown as { __tgEvents: Array<[string, Record<string, unknown> | null]> }).__tgEvents);
      const last = async (type: string) => (await events()).filter(([t]) => t === type).at(-1)?.[1];
      const telegram = (type: string) =>
        page!.evaluate(
          (t) => (window as unknown as { Telegram: { WebView: { receiveEvent(t: string, d?: unknown): void } } }).Telegram.WebView.receiveEvent(t),
          type,
        );
      expect((await events()).map(([t]) => t)).toEqual(expect.arrayContaining(['web_app_ready', 'web_app_expand']));

      await page.getByRole('tab', { name: /Changes/ }).click();
      await page.getByTestId('change-pending').filter({ hasText: 'Window sills' }).getByRole('button', { name: 'Approve' }).click();
      await page.getByTestId('confirm-sheet').waitFor();
      expect(await last('web_app_setup_main_button')).toMatchObject({ is_visible: true, is_active: true, text: 'Approve: +€220' });
      expect(await last('web_app_setup_back_button')).toEqual({ is_visible: true });
      await telegram('main_button_pressed');
      await page.getByTestId('change-decided').filter({ hasText: 'Window sills' }).waitFor();
      expect((await ChangeRequest.findByPk(windowSills.id))!).toMatchObject({ status: 'approved', decided_by: w.client.id });
      expect(await last('web_app_setup_main_button')).toMatchObject({ is_visible: false });

      await page.getByTestId('change-pending').filter({ hasText: 'Premium tiles' }).getByRole('button', { name: 'Decline' }).click();
      await page.getByTestId('confirm-sheet').waitFor();
      await telegram('back_button_pressed');
      await page.getByTestId('confirm-sheet').waitFor({ state: 'detached' });
      expect(await last('web_app_setup_back_button')).toEqual({ is_visible: false });
      expect((await ChangeRequest.findByPk(tiles.id))!.status).toBe('pending');
      await page.close();
    }),
    60_000,
  );

  it(
    'lists documents with signed links that open',
    guard(async () => {
      const p = await open();
      await p.getByRole('tab', { name: 'Documents' }).click();
      await p.getByTestId('document').first().waitFor();
      expect(await p.getByTestId('document').allTextContents()).toEqual([expect.stringContaining('Contract'), expect.stringContaining('Estimate v2')]);
      const href = await p.getByTestId('document').first().getByRole('link', { name: 'Open' }).getAttribute('href');
      expect(href).toMatch(/\/api\/media\/org\/\d+\/2026\/11\/contract\.pdf\?exp=/);
      const res = await fetch(href!);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('%PDF-1.4 contract');
      await p.close();
    }),
    60_000,
  );

  it(
    'lists the projects when the client has several, and goes back to the list',
    guard(async () => {
      await Project.create({ org_id: w.org.id, client_id: w.client.id, manager_id: w.manager.id, name: 'Country house', budget_total: '50000.00' });
      page = await browser.newPage();
      await page.goto(miniAppUrl(base, w.org.id, initDataFor(w.botToken, { id: w.client.telegram_id!, language_code: 'en' })));
      await page.getByTestId('project-card').first().waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('My projects');
      expect(await page.getByTestId('project-card').count()).toBe(2);
      const flat = page.getByTestId('project-card').filter({ hasText: 'Flat on Baker Street' });
      expect(await flat.textContent()).toContain('31%');
      await flat.click();
      await page.getByTestId('overall-progress').waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Flat on Baker Street');
      await page.getByRole('button', { name: 'back' }).click();
      await page.getByTestId('project-card').first().waitFor();
      expect(await page.getByTestId('project-card').count()).toBe(2);
      await page.close();
    }),
    60_000,
  );

  it(
    'explains what to do when opened outside Telegram or with a refused session',
    guard(async () => {
      page = await browser.newPage();
      await page.goto(`${base}/app/?org=${w.org.id}`);
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toContain('Open this app from the company’s Telegram bot.');
      const tampered = initDataFor(w.botToken, { id: w.client.telegram_id! }).replace(String(w.client.telegram_id), String(w.otherClient.telegram_id));
      await page.goto(miniAppUrl(base, w.org.id, tampered));
      await page.reload();
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toContain('Your session has expired');
      await page.close();
    }),
    60_000,
  );
});
