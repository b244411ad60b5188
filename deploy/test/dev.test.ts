// `npm run dev` (scripts/dev.mjs): TypeScript in watch mode, api, bot and jobs under the supervisor with
// a restart when the compiled code changes, and Vite dev servers for the back office and the Mini App that pass /api to the api.
// Checked from the outside: everything answers, the Vite servers serve the source with hot reload, the
// proxy reaches the api, and Ctrl+C (SIGINT) stops it all, the embedded database included.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { chmod, utimes } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePorts, removeDir, tempDir } from '@crm/testing/nginx-harness';
import { buildWorkspace, root, startProcess, waitFor, type RunningProcess } from '@crm/testing/process-harness';

let dataDir: string;
let dev: RunningProcess | undefined;
const ok = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(5_000) })).ok;
const text = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(5_000) })).text();

beforeAll(async () => {
  for (const ws of ['api', 'bot', 'jobs'] as const) buildWorkspace(ws);
  dataDir = await tempDir('dev');
  await chmod(dataDir, 0o777); // the embedded PostgreSQL runs as the postgres user when tests run as root
}, 300_000);

afterAll(async () => {
  dev?.kill();
  await removeDir(dataDir);
});

describe('npm run dev', () => {
  it('serves the api, the back office and the Mini App with live reload, and stops everything on Ctrl+C', async () => {
    const [api, bot, jobs, pg, sandbox, admin, miniapp] = await freePorts(7);
    dev = startProcess('scripts/dev.mjs', {
      DATA_DIR: dataDir,
      PORT: String(api),
      BOT_PORT: String(bot),
      JOBS_PORT: String(jobs),
      SANDBOX_PORT: String(sandbox),
      EMBEDDED_PG_PORT: String(pg),
      ADMIN_DEV_PORT: String(admin),
      MINIAPP_DEV_PORT: String(miniapp),
      SEED_DEMO: 'never',
      LOG_LEVEL: 'warn',
      TELEGRAM_SANDBOX: 'off',
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
      NODE_ENV: 'development',
    });
    await waitFor('the api under npm run dev', () => ok(`http://127.0.0.1:${api}/api/health`), 180_000, dev);
    // The Vite servers serve the source (a module script), not the built bundle, and the Vite client for hot reload.
    const page = await waitFor(
      'the back office from Vite',
      async () => (await ok(`http://localhost:${admin}/admin/`)) && text(`http://localhost:${admin}/admin/`),
      60_000,
      dev,
    );
    expect(page).toContain('/admin/@vite/client');
    expect(page).toContain('/admin/src/index.tsx');
    expect(await waitFor('the Mini App from Vite', () => ok(`http://localhost:${miniapp}/app/`), 60_000, dev)).toBe(true);
    // The back office's requests reach the api through Vite's proxy.
    const health = await fetch(`http://localhost:${admin}/api/health`);
    expect(health.status).toBe(200);
    expect(dev.stdout()).toMatch(/\[tsc\] .*Watching for file changes/);

    // New compiled code (here: the api's entry touched) restarts api, bot and jobs, and the api answers again.
    const apiPids = () => [...dev!.stdout().matchAll(/\[supervisor\] api started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    expect(apiPids()).toHaveLength(1);
    const entry = path.join(root, 'api/dist/main.js');
    const now = new Date();
    await utimes(entry, now, now);
    await waitFor('the api started again on new code', async () => apiPids().length === 2, 60_000, dev);
    expect(dev.stdout()).toContain('[supervisor] the compiled code changed: restarting');
    expect(dev.stdout()).not.toContain('stopped unexpectedly');
    await waitFor('the api answering after the restart', () => ok(`http://127.0.0.1:${api}/api/health`), 180_000, dev);

    dev.child.kill('SIGINT');
    expect(await Promise.race([dev.exited, new Promise((r) => setTimeout(() => r('still running'), 90_000))])).toBe(0);
    expect(await ok(`http://127.0.0.1:${api}/api/health`).catch(() => false)).toBe(false);
    expect(await ok(`http://localhost:${admin}/admin/`).catch(() => false)).toBe(false);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 420_000);
});
