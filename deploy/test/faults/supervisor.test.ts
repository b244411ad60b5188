// `npm start` (scripts/start.mjs) as a supervisor, with its embedded PostgreSQL: a process killed with
// SIGKILL is started again while the others keep serving; a second start on the same installation says
// so and leaves the first alone; SIGTERM stops api, bot and jobs (each draining) before the database;
// Ctrl+C in a terminal, which signals the whole process group, still stops the database last; when npm
// itself is killed outright nothing is left running.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmod, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { freePort, removeDir, tempDir } from '@crm/testing/nginx-harness';
import { buildWorkspace, root, startProcess, waitFor, type RunningProcess } from '@crm/testing/process-harness';

let dataDir: string;
let env: Record<string, string>;
let ports: { api: number; bot: number; jobs: number; pg: number };
const started: RunningProcess[] = [];
const leftovers = new Set<number>();

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The pid of each process as the supervisor announced it, newest last. */
const childPids = (output: string) => {
  const pids: Record<string, number[]> = { api: [], bot: [], jobs: [] };
  for (const [, name, pid] of output.matchAll(/\[supervisor\] (api|bot|jobs) started \(pid (\d+)\)/g)) pids[name].push(Number(pid));
  return pids;
};

const postgresPid = async () => Number((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);

const healthy = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;

async function startSupervisor(): Promise<RunningProcess> {
  const proc = startProcess('scripts/start.mjs', env, root, ['--no-build']);
  started.push(proc);
  await waitFor('api healthy under npm start', () => healthy(`http://127.0.0.1:${ports.api}/api/health`), 120_000, proc);
  await waitFor('bot healthy under npm start', () => healthy(`http://127.0.0.1:${ports.bot}/health`), 60_000, proc);
  await waitFor('jobs healthy under npm start', () => healthy(`http://127.0.0.1:${ports.jobs}/health`), 60_000, proc);
  for (const pids of Object.values(childPids(proc.stdout()))) for (const pid of pids) leftovers.add(pid);
  leftovers.add(await postgresPid());
  return proc;
}

beforeAll(async () => {
  for (const ws of ['api', 'bot', 'jobs'] as const) buildWorkspace(ws);
  dataDir = await tempDir('supervisor');
  await chmod(dataDir, 0o777); // the embedded PostgreSQL runs as the postgres user when tests run as root
  ports = { api: await freePort(), bot: await freePort(), jobs: await freePort(), pg: await freePort() };
  env = {
    DATA_DIR: dataDir,
    PORT: String(ports.api),
    BOT_PORT: String(ports.bot),
    JOBS_PORT: String(ports.jobs),
    EMBEDDED_PG_PORT: String(ports.pg),
    SEED_DEMO: 'never',
    LOG_LEVEL: 'warn',
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
    NODE_ENV: 'development',
  };
}, 300_000);

afterAll(async () => {
  for (const proc of started) proc.kill();
  for (const pid of leftovers) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  await removeDir(dataDir);
});

describe('npm start supervises its processes', () => {
  let supervisor: RunningProcess;

  it('starts a process killed with SIGKILL again while the others keep serving', async () => {
    supervisor = await startSupervisor();
    const before = childPids(supervisor.stdout());
    let apiFailures = 0;
    let apiChecks = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        apiChecks += 1;
        if (!(await healthy(`http://127.0.0.1:${ports.api}/api/health`).catch(() => false))) apiFailures += 1;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const killedAt = Date.now();
    process.kill(before.jobs.at(-1)!, 'SIGKILL');
    await waitFor('jobs started again', async () => childPids(supervisor.stdout()).jobs.length === 2, 30_000, supervisor);
    await waitFor('jobs healthy again', () => healthy(`http://127.0.0.1:${ports.jobs}/health`), 60_000, supervisor);
    const back = Date.now() - killedAt;
    polling = false;
    await poll;
    const after = childPids(supervisor.stdout());
    for (const pid of after.jobs) leftovers.add(pid);
    console.log(
      `supervisor: jobs killed with SIGKILL, serving again after ${back} ms; api answered ${apiChecks - apiFailures}/${apiChecks} health checks meanwhile`,
    );

    expect(supervisor.stderr()).toMatch(/\[supervisor\] jobs stopped unexpectedly; starting it again in 1 s/);
    expect(after.api).toEqual(before.api);
    expect(after.bot).toEqual(before.bot);
    expect(isAlive(before.jobs[0])).toBe(false);
    expect(apiFailures).toBe(0);
    expect(supervisor.child.exitCode).toBeNull();
  }, 300_000);

  it('refuses a second start on the same installation, naming the running one', async () => {
    const second = startProcess('scripts/start.mjs', env, root, ['--no-build']);
    started.push(second);
    const code = await Promise.race([second.exited, new Promise((r) => setTimeout(() => r('still running after 30 s'), 30_000))]);
    expect(code).toBe(1);
    expect(second.stderr()).toContain(`already running from ${dataDir} (npm start, pid ${supervisor.child.pid})`);
    expect(await healthy(`http://127.0.0.1:${ports.api}/api/health`)).toBe(true);
  }, 60_000);

  it('on SIGTERM stops api, bot and jobs (each draining) before the database, and leaves nothing running', async () => {
    const pids = childPids(supervisor.stdout());
    const current = [pids.api.at(-1)!, pids.bot.at(-1)!, pids.jobs.at(-1)!];
    const pg = await postgresPid();
    const stoppedAt = Date.now();
    supervisor.child.kill('SIGTERM');
    const code = await Promise.race([supervisor.exited, new Promise((r) => setTimeout(() => r('still running after 60 s'), 60_000))]);
    const lines = supervisor.stdout().split('\n');
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    console.log(`supervisor: SIGTERM to everything stopped in ${Date.now() - stoppedAt} ms`);

    expect(code).toBe(0);
    const exits = ['api', 'bot', 'jobs'].map((name) => at(new RegExp(`^\\[supervisor\\] ${name} exited \\(0\\)$`)));
    const databaseStopped = at(/^\[supervisor\] embedded PostgreSQL stopped$/);
    expect(exits.every((i) => i >= 0)).toBe(true);
    expect(databaseStopped).toBeGreaterThan(Math.max(...exits));
    expect([...current, pg].filter(isAlive)).toEqual([]);
    expect(existsSync(path.join(dataDir, 'start.pid'))).toBe(false);
  }, 120_000);

  it('on Ctrl+C in a terminal (SIGINT to its whole process group) the database still stops last, after every process drained', async () => {
    // A terminal's foreground job: a process group of its own, signalled as a whole.
    const job = spawn(process.execPath, ['scripts/start.mjs', '--no-build'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    job.stdout!.on('data', (d) => {
      out += d;
    });
    job.stderr!.on('data', (d) => {
      out += d;
    });
    const exited = new Promise<number | string>((resolve) => job.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
    try {
      await waitFor('api healthy', () => healthy(`http://127.0.0.1:${ports.api}/api/health`), 120_000);
      await waitFor('bot healthy', () => healthy(`http://127.0.0.1:${ports.bot}/health`), 60_000);
      await waitFor('jobs healthy', () => healthy(`http://127.0.0.1:${ports.jobs}/health`), 60_000);
      const pids = Object.values(childPids(out)).flat();
      const pg = await postgresPid();
      for (const pid of [...pids, pg, job.pid!]) leftovers.add(pid);
      process.kill(-job.pid!, 'SIGINT');
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running after 60 s'), 60_000))]);
      const lines = out.split('\n');
      const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));

      expect(code).toBe(0);
      // PostgreSQL answers SIGINT with a fast shutdown that cuts every connection: it must not have had it.
      expect(out).not.toMatch(/terminating connection due to administrator command/);
      const exits = ['api', 'bot', 'jobs'].map((name) => at(new RegExp(`^\\[supervisor\\] ${name} exited \\(0\\)$`)));
      expect(exits.every((i) => i >= 0)).toBe(true);
      expect(at(/^\[supervisor\] embedded PostgreSQL stopped$/)).toBeGreaterThan(Math.max(...exits));
      await waitFor('every process gone', async () => [...pids, pg].every((pid) => !isAlive(pid)), 30_000);
    } finally {
      if (job.exitCode === null) job.kill('SIGKILL');
    }
  }, 240_000);

  it('stops everything when npm itself is killed outright', async () => {
    // npm's place: a shell that runs the supervisor as its child and is then killed with SIGKILL.
    const shell = spawn('/bin/sh', ['-c', `"${process.execPath}" scripts/start.mjs --no-build; true`], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    shell.stdout!.on('data', (d) => {
      out += d;
    });
    shell.stderr!.on('data', (d) => {
      out += d;
    });
    try {
      await waitFor('api healthy', () => healthy(`http://127.0.0.1:${ports.api}/api/health`), 120_000);
      await waitFor('jobs healthy', () => healthy(`http://127.0.0.1:${ports.jobs}/health`), 60_000);
      const pids = Object.values(childPids(out)).flat();
      const pg = await postgresPid();
      const supervisorPid = Number(await readFile(path.join(dataDir, 'start.pid'), 'utf8'));
      for (const pid of [...pids, pg, supervisorPid]) leftovers.add(pid);
      shell.kill('SIGKILL');
      await waitFor('every process gone', async () => [...pids, pg, supervisorPid].every((pid) => !isAlive(pid)), 60_000);
      expect(out).toMatch(/\[supervisor\] the parent process exited: stopping/);
      expect(out).toMatch(/\[supervisor\] embedded PostgreSQL stopped/);
    } finally {
      shell.kill('SIGKILL');
    }
  }, 240_000);
});
