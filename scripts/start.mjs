#!/usr/bin/env node
// `npm start`: builds what is missing, starts the database (embedded PostgreSQL unless DATABASE_URL
// is set), migrates, seeds the demo organization on first run, then runs api, bot and jobs together
// on one public port, and supervises them: a process that crashes is started again (with back-off) while
// the others keep serving. Ctrl+C or SIGTERM (to this process or to npm) stops the processes first, lets
// them finish their work, and stops the embedded PostgreSQL last. `--no-build` skips the build steps;
// `--watch` restarts a process when its compiled code changes (`npm run dev`).
// Outside production, organizations without a bot token get the built-in Telegram sandbox (telegram-sim,
// page at /sandbox), so the Telegram side works with no token and no internet; TELEGRAM_SANDBOX=off skips it.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, watch as watchFiles, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
loadDotEnv(path.join(root, '.env'));

const dataDir = process.env.DATA_DIR ?? path.join(root, '.data');
mkdirSync(dataDir, { recursive: true });
const port = Number(process.env.PORT ?? 3000);
const botPort = Number(process.env.BOT_PORT ?? 3001);
const jobsPort = Number(process.env.JOBS_PORT ?? 3002);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 3003);
const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`;
const build = !process.argv.includes('--no-build');
// `--watch` (used by `npm run dev`): api, bot and jobs are started again when the compiled code changes.
const watch = process.argv.includes('--watch');
const lockFile = path.join(dataDir, 'start.pid');

function loadDotEnv(file) {
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && process.env[match[1]] === undefined) process.env[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
}

/** A secret generated once per installation and kept in .data, so sessions survive restarts. */
function localSecret(name) {
  const file = path.join(dataDir, 'secrets.json');
  const secrets = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (!secrets[name]) {
    secrets[name] = randomBytes(32).toString('hex');
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets[name];
}

const isAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};

/**
 * One `npm start` per installation (per DATA_DIR): a second one would fight over the ports and the
 * embedded database. A lock left by a supervisor that was killed outright is taken over, and the
 * embedded PostgreSQL it left running is stopped first.
 */
function takeLock() {
  const held = existsSync(lockFile) ? Number(readFileSync(lockFile, 'utf8').trim()) : 0;
  if (held && held !== process.pid && isAlive(held)) {
    console.error(
      `Renovation CRM is already running from ${dataDir} (npm start, pid ${held}).\n` +
        `Open ${publicUrl}, or stop that one first (Ctrl+C in its terminal, or: kill ${held}).`,
    );
    process.exit(1);
  }
  const postmaster = path.join(dataDir, 'postgres', 'postmaster.pid');
  const orphan = existsSync(postmaster) ? Number(readFileSync(postmaster, 'utf8').split('\n')[0]) : 0;
  if (orphan && isAlive(orphan)) {
    console.log(`• The embedded PostgreSQL of an earlier run is still running (pid ${orphan}): stopping it first`);
    process.kill(orphan, 'SIGINT');
    const deadline = Date.now() + 30_000;
    while (isAlive(orphan) && Date.now() < deadline) spawnSync('sleep', ['0.2']);
  }
  writeFileSync(lockFile, `${process.pid}\n`);
}

function releaseLock() {
  try {
    if (Number(readFileSync(lockFile, 'utf8').trim()) === process.pid) rmSync(lockFile);
  } catch {
    // already gone
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function run(label, command, args, { required = true } = {}) {
  const started = Date.now();
  process.stdout.write(`• ${label}… `);
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0) {
    console.log('failed');
    console.error(result.stdout, result.stderr);
    if (required) process.exit(1);
    console.error(`  ${label} failed: the rest starts anyway; fix the error above and run npm start again.`);
    return;
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

takeLock();
// A taken port stops here, before anything is built or started, naming the variable that moves it.
for (const [taken, variable] of [
  [port, 'PORT'],
  [botPort, 'BOT_PORT'],
  [jobsPort, 'JOBS_PORT'],
]) {
  if (await portInUse(taken)) {
    console.error(`port ${taken} is in use — set ${variable}=<another port> (or stop the program using it)`);
    releaseLock();
    process.exit(1);
  }
}

if (build) run('Building the server (TypeScript)', process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b']);
const frontends = { 'telegram-sim/page': 'the Telegram sandbox page', admin: 'the back office', miniapp: 'the Mini App' };
// The small sandbox page is built before anything starts; the back office and the Mini App build in the
// background while the database and the processes start, and are served as soon as they are there.
const backgroundBuilds = new Set();
/** Set once Ctrl+C (or SIGTERM) arrives: nothing new starts. */
let stopping = false;
for (const [app, title] of build ? Object.entries(frontends) : []) {
  const index = path.join(root, app, 'dist/index.html');
  // The frontends bundle the enum lists of @crm/contracts, so a change there rebuilds them too.
  const sources = Math.max(newestMtime(path.join(root, app)), newestMtime(path.join(root, 'contracts/src')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) continue;
  const vite = [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', path.join(root, app), '--logLevel', 'error'];
  if (app === 'telegram-sim/page') run(`Building ${title} (Vite)`, process.execPath, vite, { required: false });
  else buildInBackground(title, vite);
}

/** One Vite build at a time behind the start, each saying when it is done (or what failed). */
function buildInBackground(title, args) {
  const previous = [...backgroundBuilds].at(-1)?.done ?? Promise.resolve();
  const entry = { child: null, done: null };
  entry.done = previous.then(
    () =>
      new Promise((resolve) => {
        if (stopping) return resolve();
        const started = Date.now();
        console.log(`• Building ${title} (Vite) in the background…`);
        const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
        entry.child = child;
        let output = '';
        for (const stream of [child.stdout, child.stderr])
          stream.on('data', (chunk) => {
            output += chunk;
          });
        child.on('exit', (code, signal) => {
          backgroundBuilds.delete(entry);
          if (code === 0) console.log(`• ${title} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
          else if (!stopping)
            console.error(`• Building ${title} failed (${signal ?? code}):\n${output}\n  The rest runs anyway; fix the error above and run npm start again.`);
          resolve();
        });
      }),
  );
  backgroundBuilds.add(entry);
}

const { openDatabase } = await import('@crm/database');
const { countSandboxOrganizations, createStorage, sandboxWanted, seedDemoIfEmpty } = await import('@crm/core');

process.stdout.write(
  `• ${process.env.DATABASE_URL ? 'Connecting to PostgreSQL' : `Starting the embedded PostgreSQL in ${path.relative(root, path.join(dataDir, 'postgres')) || '.'}`}… `,
);
const db = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  dataDir,
  embeddedPort: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
  migrate: true,
  poolMax: 2,
}).catch((error) => {
  console.log('failed');
  console.error(error);
  releaseLock();
  process.exit(1);
});
console.log('ready, migrations applied');
const jwtSecret = process.env.JWT_SECRET ?? localSecret('JWT_SECRET');
const mediaSecret = process.env.MEDIA_SIGNING_SECRET ?? localSecret('MEDIA_SIGNING_SECRET');
// The same storage the processes use (local disk under DATA_DIR, or S3 when configured), so the demo's photos show.
const storage = createStorage({
  ...process.env,
  DATA_DIR: dataDir,
  PUBLIC_URL: publicUrl,
  PORT: port,
  JWT_SECRET: jwtSecret,
  MEDIA_SIGNING_SECRET: mediaSecret,
});
const login =
  process.env.SEED_DEMO === 'never'
    ? null
    : await seedDemoIfEmpty(db.sequelize, {
        storage,
        publicUrl,
        ...(process.env.ORG_STORAGE_QUOTA_MB ? { quotaBytes: Number(process.env.ORG_STORAGE_QUOTA_MB) * 1024 * 1024 } : {}),
      });

// The Telegram sandbox: never in production, and only when an organization has no real bot token.
const sandbox =
  sandboxWanted({
    nodeEnv: process.env.NODE_ENV,
    setting: process.env.TELEGRAM_SANDBOX,
    organizationsWithoutBot: await countSandboxOrganizations(db.sequelize),
  }) && existsSync(path.join(root, 'telegram-sim/dist/main.js'));
if (sandbox && (await portInUse(sandboxPort))) {
  console.error(`port ${sandboxPort} is in use — set SANDBOX_PORT=<another port> (or TELEGRAM_SANDBOX=off to run without the Telegram sandbox)`);
  await db.close();
  releaseLock();
  process.exit(1);
}

const env = {
  ...process.env,
  DATABASE_URL: db.url,
  DATA_DIR: dataDir,
  PORT: String(port),
  BOT_PORT: String(botPort),
  JOBS_PORT: String(jobsPort),
  PUBLIC_URL: publicUrl,
  BOT_INTERNAL_URL: `http://127.0.0.1:${botPort}`,
  JWT_SECRET: jwtSecret,
  MEDIA_SIGNING_SECRET: mediaSecret,
  SEED_DEMO: 'never',
  ...(sandbox ? { SANDBOX_PORT: String(sandboxPort), TELEGRAM_SANDBOX_URL: `http://127.0.0.1:${sandboxPort}` } : {}),
};

const children = new Map();
const restarts = { 'telegram-sim': 0, api: 0, bot: 0, jobs: 0 };

/** Starts one process; when it dies on its own it is started again after 1, 2, 4 … 30 s (reset after a minute up). */
function startChild(name) {
  const entry = path.join(root, name, 'dist/main.js');
  // The processes watch their parent (onParentExit) and stop if this supervisor is killed outright.
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const started = Date.now();
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) process.stdout.write(`[${name}] ${line}\n`);
    });
  }
  console.log(`[supervisor] ${name} started (pid ${child.pid})`);
  child.on('exit', (code, signal) => {
    children.delete(name);
    console.log(`[supervisor] ${name} exited (${signal ?? code})`);
    if (stopping) {
      if (children.size === 0) void finish();
      return;
    }
    if (reloading.delete(name)) return startChild(name);
    if (Date.now() - started > 60_000) restarts[name] = 0;
    const delay = Math.min(30_000, 1_000 * 2 ** restarts[name]);
    restarts[name] += 1;
    console.error(`[supervisor] ${name} stopped unexpectedly; starting it again in ${delay / 1000} s (the others keep running)`);
    const timer = setTimeout(() => {
      pendingRestarts.delete(timer);
      if (!stopping) startChild(name);
    }, delay);
    pendingRestarts.add(timer);
  });
  children.set(name, child);
}
const pendingRestarts = new Set();

/** Processes stopped to run new code: started again at once, not as a crash. */
const reloading = new Set();
if (watch) {
  let timer;
  const reload = () => {
    if (stopping) return;
    const names = [...children.keys()].filter((name) => name !== 'telegram-sim');
    console.log(`[supervisor] the compiled code changed: restarting ${names.join(', ')}`);
    for (const name of names) {
      reloading.add(name);
      children.get(name).kill('SIGTERM');
    }
  };
  for (const ws of ['contracts', 'database', 'core', 'api', 'bot', 'jobs']) {
    const dir = path.join(root, ws, 'dist');
    if (!existsSync(dir)) continue;
    watchFiles(dir, { recursive: true }, (_event, file) => {
      if (!file?.endsWith('.js')) return; // (not the compiler's own bookkeeping)
      clearTimeout(timer);
      timer = setTimeout(reload, 500);
    });
  }
}

if (sandbox) {
  startChild('telegram-sim');
  // The bots ask the sandbox who they are when they start: it listens first.
  const deadline = Date.now() + 15_000;
  while (!(await portInUse(sandboxPort)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}
for (const name of ['api', 'bot', 'jobs']) {
  if (!existsSync(path.join(root, name, 'dist/main.js'))) {
    console.log(`• ${name}: not built (${name}/dist/main.js missing), skipped`);
    continue;
  }
  startChild(name);
}

console.log(`
  Renovation CRM is starting on ${publicUrl}
    Back office:  ${publicUrl}/admin/
    Mini App:     ${publicUrl}/app/?org=<org_id>
    API health:   ${publicUrl}/api/health
    Webhook:      ${publicUrl}/telegram/webhook/<bot_id>
${sandbox ? `    Telegram:     ${publicUrl}/sandbox/  (built-in sandbox: no bot token needed; a real token in Settings switches to Telegram)\n` : ''}${
  login
    ? `
  Demo back office login (shown once, keep it):
    admin:   ${login.email} / ${login.password}
    manager: ${login.manager_email} / ${login.password}
`
    : ''
}
  Press Ctrl+C to stop.
`);

let exitCode = 0;
/** Stops the processes first (each drains its work), then the database they use. */
async function stop(reason, code = 0) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  for (const timer of pendingRestarts) clearTimeout(timer);
  for (const { child } of backgroundBuilds) child?.kill('SIGTERM');
  console.log(`[supervisor] ${reason}: stopping ${[...children.keys()].join(', ') || 'nothing'}; the database stops last`);
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => {
    for (const [name, child] of children) {
      console.error(`[supervisor] ${name} did not stop within 30 s: killing it`);
      child.kill('SIGKILL');
    }
  }, 30_000).unref();
  if (children.size === 0) await finish();
}
let finishing = false;
async function finish() {
  if (finishing) return;
  finishing = true;
  await db.close().catch((error) => console.error('[supervisor] closing the database failed:', error));
  if (db.embedded) console.log('[supervisor] embedded PostgreSQL stopped');
  releaseLock();
  console.log('[supervisor] stopped');
  process.exit(exitCode);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGHUP', () => void stop('SIGHUP'));
// npm killed outright (or the terminal closed): this process is re-parented; stop rather than linger.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) void stop('the parent process exited');
}, 1_000).unref();

function portInUse(candidate) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (error) => resolve(error.code === 'EADDRINUSE'));
    probe.listen(candidate, () => probe.close(() => resolve(false)));
  });
}
