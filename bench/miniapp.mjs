#!/usr/bin/env node
// Mini App benchmark: (1) the built app's JavaScript, gzipped; (2) time until the project dashboard
// is usable (progress, stages and money rendered) in headless Chromium with 4× CPU throttling, served
// by the real api (built) from a throwaway PostgreSQL database on 127.0.0.1.
//
// Run: npm run bench miniapp   (or: npm run build:server && TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/miniapp.mjs)
// Knobs: BENCH_RUNS (page loads, default 5), BENCH_CPU_THROTTLE (default 4), CHROMIUM_PATH.
// Targets: JS ≤ 120 KB gzipped, dashboard usable ≤ 1.5 s (cold load). Exits 1 when a target is missed.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { freePort, throwawayDatabase } from './lib/util.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const THROTTLE = Number(process.env.BENCH_CPU_THROTTLE ?? 4);
const TARGET_KB = 120;
const TARGET_MS = 1500;

// 1. The bundle.
const dist = path.join(root, 'miniapp/dist');
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (m, e) => Math.max(m, e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs),
    0,
  );
if (!existsSync(path.join(dist, 'index.html')) || statSync(path.join(dist, 'index.html')).mtimeMs < newest(path.join(root, 'miniapp/src'))) {
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: path.join(root, 'miniapp'),
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
const assets = path.join(dist, 'assets');
const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
const raw = js.reduce((n, f) => n + statSync(path.join(assets, f)).size, 0);
const gz = js.reduce((n, f) => n + gzipSync(readFileSync(path.join(assets, f)), { level: 9 }).length, 0);

// 2. A throwaway database with one client's project, served by the built api.
const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!baseUrl) throw new Error('Set BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL to a PostgreSQL server');
const database = await throwawayDatabase(baseUrl, 'crm_bench_miniapp');
const dbUrl = new URL(database.url);

const { createSequelize, migrate, Organization, User, Project, Stage, Transaction, ChangeRequest, DailyReport, Document } = await import('@crm/database');
const { createStorage, signInitData, createLogger } = await import('@crm/core');
const { buildApp, loadApiConfig } = await import('@crm/api');
const { launchChromiumProfile } = await import('@crm/testing/chromium');

const sequelize = createSequelize({ url: dbUrl.toString(), poolMax: 5 });
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-miniapp-'));
let server;
let browser;
try {
  await migrate(sequelize);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const jwtSecret = randomBytes(32).toString('hex'); // production mode refuses a guessable secret
  const storage = createStorage({ DATA_DIR: dataDir, PUBLIC_URL: base, JWT_SECRET: jwtSecret });
  const botToken = '7000000001:AAbench-token';
  const org = await Organization.create({ name: 'Bench Remont', bot_token: botToken, bot_id: 7000000001, currency: 'RUB', locale: 'ru' });
  const client = await User.create({ org_id: org.id, role: 'client', name: 'Клиент', telegram_id: 900000001 });
  const project = await Project.create({
    org_id: org.id,
    client_id: client.id,
    name: 'Квартира на Ленинском',
    address: 'Ленинский пр., 42',
    budget_total: '2000000.00',
  });
  const stages = ['Демонтаж', 'Электрика', 'Сантехника', 'Штукатурка', 'Плитка', 'Чистовая отделка'];
  await Stage.bulkCreate(
    stages.map((name, i) => ({
      org_id: org.id,
      project_id: project.id,
      name,
      position: i,
      progress_pct: Math.max(0, 100 - i * 25),
      status: i < 2 ? 'done' : i < 4 ? 'in_progress' : 'planned',
      budget_planned: '200000.00',
    })),
  );
  await Transaction.bulkCreate(
    Array.from({ length: 40 }, (_, i) => ({
      org_id: org.id,
      project_id: project.id,
      amount: `${1000 + i * 137}.50`,
      type: i % 5 === 0 ? 'income' : 'expense',
    })),
  );
  await ChangeRequest.bulkCreate(
    Array.from({ length: 6 }, (_, i) => ({ org_id: org.id, project_id: project.id, title: `Доп. работы ${i + 1}`, amount: '9600.00' })),
  );
  await DailyReport.bulkCreate(Array.from({ length: 30 }, (_, i) => ({ org_id: org.id, project_id: project.id, content: `Отчёт ${i + 1}` })));
  await Document.create({ org_id: org.id, project_id: project.id, title: 'Договор', kind: 'contract', url: `org/${org.id}/2026/11/contract.pdf` });

  const config = loadApiConfig({ NODE_ENV: 'production', JWT_SECRET: jwtSecret, LOG_LEVEL: 'silent', PUBLIC_URL: base });
  const app = buildApp({ config, sequelize, logger: createLogger('bench', 'silent'), storage });
  server = app.listen(port, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));

  // 3. Chromium, 4× slower CPU, time from navigation start to the dashboard being on screen.
  browser = await launchChromiumProfile('bench', { viewport: { width: 390, height: 844 } });
  await browser.addInitScript(() => {
    const done = () => document.querySelector('[data-testid="money-remaining"]') && document.querySelectorAll('[data-testid="stage"]').length > 0;
    new MutationObserver((_, observer) => {
      if (done()) {
        window.__usableAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage();
    const cdp = await browser.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    if (run === 0) await cdp.send('Network.clearBrowserCache').catch(() => {});
    const initData = signInitData({ user: { id: 900000001, first_name: 'Клиент', language_code: 'ru' }, auth_date: Math.floor(Date.now() / 1000) }, botToken);
    const fragment = new URLSearchParams({ tgWebAppData: initData, tgWebAppVersion: '8.0', tgWebAppPlatform: 'tdesktop' });
    await page.goto(`${base}/app/?org=${org.id}#${fragment}`);
    await page.waitForFunction(() => typeof window.__usableAt === 'number', null, { timeout: 30_000 });
    times.push(await page.evaluate(() => window.__usableAt));
    await page.close();
  }
  const cold = times[0];
  const warm = times.slice(1).sort((a, b) => a - b);
  const median = warm.length ? warm[Math.floor(warm.length / 2)] : cold;

  console.log(
    `Mini App JS: ${js.length} file(s), ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped (target ≤ ${TARGET_KB} KB) ${gz / 1024 <= TARGET_KB ? 'OK' : 'OVER'}`,
  );
  console.log(
    `Dashboard usable with ${THROTTLE}× CPU slowdown: cold ${cold.toFixed(0)} ms, warm median ${median.toFixed(0)} ms over ${warm.length} run(s) (target ≤ ${TARGET_MS} ms) ${cold <= TARGET_MS ? 'OK' : 'OVER'}`,
  );
  process.exitCode = gz / 1024 <= TARGET_KB && cold <= TARGET_MS ? 0 : 1;
} finally {
  await browser?.close().catch(() => {});
  if (server) await new Promise((resolve) => server.close(resolve));
  await sequelize.close();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
