// The product as `npm start` runs it on a fresh machine: scripts/start.mjs with no bot token anywhere, a
// database of its own (so the demo is seeded), real api, bot, jobs and — outside production — the Telegram
// sandbox. Telegram itself is unreachable (TELEGRAM_API_ROOT points at a closed port).
import path from 'node:path';
import pg from 'pg';
import { ensureMiniAppBuilt } from '@crm/testing/miniapp-browser';
import { ensureViteBuilt } from '@crm/testing/admin-browser';
import { freePort, removeDir, tempDir } from '@crm/testing/nginx-harness';
import { buildWorkspace, root, startProcess, waitFor, type RunningProcess } from '@crm/testing/process-harness';

export interface Product {
  base: string;
  proc: RunningProcess;
  ports: { api: number; bot: number; jobs: number; sandbox: number };
  /** The demo manager's login as `npm start` printed it. */
  manager: { email: string; password: string };
  /** Calls the api as the demo manager. */
  api<T = unknown>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

async function onServer(sql: string) {
  const client = new pg.Client({ connectionString: process.env.CRM_TEST_SERVER_URL! });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Builds what the supervisor would (server, back office, Mini App, sandbox page) so the run itself uses --no-build. */
export function buildProduct() {
  for (const ws of ['api', 'bot', 'jobs', 'telegram-sim'] as const) buildWorkspace(ws);
  ensureViteBuilt(path.join(root, 'admin'));
  ensureMiniAppBuilt();
  ensureViteBuilt(path.join(root, 'telegram-sim/page'));
}

export async function startProduct(label: string, env: Record<string, string> = {}): Promise<Product> {
  const dbName = `crm_sandbox_${label}_${process.pid}_${Date.now().toString(36)}`;
  await onServer(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(process.env.CRM_TEST_SERVER_URL!);
  dbUrl.pathname = `/${dbName}`;
  const dataDir = await tempDir(`sandbox-${label}`);
  const ports = { api: await freePort(), bot: await freePort(), jobs: await freePort(), sandbox: await freePort() };
  const base = `http://127.0.0.1:${ports.api}`;
  const proc = startProcess(
    'scripts/start.mjs',
    {
      DATABASE_URL: dbUrl.toString(),
      DATA_DIR: dataDir,
      PORT: String(ports.api),
      BOT_PORT: String(ports.bot),
      JOBS_PORT: String(ports.jobs),
      SANDBOX_PORT: String(ports.sandbox),
      PUBLIC_URL: base,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
      AI_DEBOUNCE_MS: '300',
      ...env,
    },
    root,
    ['--no-build'],
  );
  const close = async () => {
    proc.child.kill('SIGTERM');
    await Promise.race([proc.exited, new Promise((resolve) => setTimeout(resolve, 40_000))]);
    proc.kill();
    await onServer(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await removeDir(dataDir);
  };
  try {
    await waitFor('api healthy under npm start', async () => (await fetch(`${base}/api/health`)).ok, 180_000, proc);
    const login = /manager:\s+(\S+) \/ (\S+)/.exec(proc.stdout());
    if (!login) throw new Error(`npm start printed no demo login:\n${proc.stdout()}`);
    const manager = { email: login[1]!, password: login[2]! };
    const signIn = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(manager) });
    const { token } = (await signIn.json()) as { token: string };
    const api = async <T>(method: string, url: string, body?: unknown) => {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as T };
    };
    return { base, proc, ports, manager, api, close };
  } catch (error) {
    await close();
    throw error;
  }
}
