// The process shell every server process runs in (api, bot and jobs main.ts), driven through a small
// process built on it (fixtures/shell-process.mjs): config errors, start failures, unhandled errors,
// health while stopping, and the graceful shutdown with its drain time.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = path.join(root, 'core/test/fixtures/shell-process.mjs');
const running: ChildProcess[] = [];

beforeAll(() => {
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', path.join(root, 'core')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`tsc -b core failed: ${build.stdout}${build.stderr}`);
}, 240_000);
afterAll(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface Fixture {
  child: ChildProcess;
  out(): string;
  err(): string;
  logs(): Array<Record<string, unknown>>;
  exited: Promise<number | null>;
  port(): Promise<number>;
}

function start(env: Record<string, string>): Fixture {
  const child = spawn(process.execPath, [fixture], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logs = () =>
    out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const port = async () => {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const match = /listening on (\d+)/.exec(out);
      if (match) return Number(match[1]);
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the fixture did not listen:\n${out}\n${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, out: () => out, err: () => err, logs, exited, port };
}

/** A GET on its own connection (or on `agent`'s kept-alive one). */
function get(port: number, pathname: string, agent?: http.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname, agent: agent ?? false }, (res) => {
        let body = '';
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function waitFor(what: string, probe: () => boolean, proc: Fixture, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${proc.out()}\n${proc.err()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const exitWithin = (proc: Fixture, ms: number) => Promise.race([proc.exited, new Promise((r) => setTimeout(() => r(`still running after ${ms} ms`), ms))]);

describe('the process shell', () => {
  it('stops on a bad configuration with a message naming the variable', async () => {
    const proc = start({ PORT: 'not-a-port' });
    expect(await exitWithin(proc, 90_000)).toBe(1);
    expect(proc.err()).toContain('PORT');
    expect(proc.err()).toContain('Invalid configuration');
  }, 180_000);

  it('releases what was opened and exits 1 when the start fails', async () => {
    const proc = start({ FAIL_START: '1' });
    expect(await exitWithin(proc, 90_000)).toBe(1);
    expect(proc.out().indexOf('released: queue')).toBeLessThan(proc.out().indexOf('released: database'));
    expect(proc.logs().find((l) => l.msg === 'shell-fixture process failed to start')?.level).toBe(60);
  }, 180_000);

  it('exits when its parent is killed outright while its start still hangs', async () => {
    // The parent: a shell running the process as its child, then killed with SIGKILL (as npm start can be).
    const shell = spawn('/bin/sh', ['-c', `"${process.execPath}" "${fixture}"; true`], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', PORT: '0', HANG_START: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(shell);
    let out = '';
    shell.stdout!.on('data', (d) => {
      out += d;
    });
    const deadline = Date.now() + 90_000;
    while (!/starting forever \(pid (\d+)\)/.test(out)) {
      if (Date.now() > deadline) throw new Error(`the fixture did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const pid = Number(/starting forever \(pid (\d+)\)/.exec(out)![1]);
    shell.kill('SIGKILL');
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const gone = Date.now() + 30_000;
    while (alive() && Date.now() < gone) await new Promise((r) => setTimeout(r, 100));
    const stillAlive = alive();
    if (stillAlive) process.kill(pid, 'SIGKILL');
    expect(stillAlive).toBe(false);
  }, 180_000);

  it('takes SIGTERM while its start is still running: releases what was opened and exits 0, not killed by the signal', async () => {
    const proc = start({ HANG_START: '1' });
    const deadline = Date.now() + 90_000;
    while (!/starting forever/.test(proc.out())) {
      if (Date.now() > deadline) throw new Error(`the fixture did not start:\n${proc.out()}\n${proc.err()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const signalled = new Promise<NodeJS.Signals | null>((resolve) => proc.child.once('exit', (_code, signal) => resolve(signal)));
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(await signalled).toBeNull();
  }, 120_000);

  it('keeps serving after an unhandled rejection and a dropped database connection, and drains on SIGTERM', async () => {
    const proc = start({});
    const port = await proc.port();
    await get(port, '/reject');
    await get(port, '/drop');
    await waitFor('both errors logged', () => proc.logs().filter((l) => l.level === 50).length >= 2, proc);
    expect((await get(port, '/health')).status).toBe(200);
    expect(proc.logs().map((l) => l.msg)).toEqual(
      expect.arrayContaining(['unhandled rejection (the process keeps running)', 'a database connection dropped (the process keeps running and reconnects)']),
    );

    // A kept-alive connection (as from a proxy) sees health turn 503 while a slow request drains.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect((await get(port, '/health', agent)).status).toBe(200);
    const slow = get(port, '/work?ms=1500');
    await new Promise((r) => setTimeout(r, 200));
    proc.child.kill('SIGTERM');
    await waitFor('shutdown logged', () => proc.out().includes('shutting down'), proc);
    const health = await get(port, '/health', agent).catch(() => ({ status: 0, body: 'closed' }));
    expect([503, 0]).toContain(health.status); // 503 while the connection lives; closed once it was idle
    await expect(get(port, '/health')).rejects.toThrow(); // no new connections
    expect(await slow).toEqual({ status: 200, body: 'done' });
    expect(await exitWithin(proc, 60_000)).toBe(0);
    agent.destroy();
    const out = proc.out();
    expect(out.indexOf('released: queue')).toBeLessThan(out.indexOf('released: database'));
    expect(proc.logs().at(-1)?.msg).toBe('stopped');
  }, 180_000);

  it('cuts work that outlasts the drain time and still exits 0', async () => {
    const proc = start({ DRAIN_MS: '500' });
    const port = await proc.port();
    const slow = get(port, '/work?ms=120000').catch((error: Error) => error.message);
    await new Promise((r) => setTimeout(r, 200));
    const stoppedAt = Date.now();
    proc.child.kill('SIGTERM');
    expect(await exitWithin(proc, 60_000)).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(60_000); // long before the 120 s request would end
    expect(await slow).toMatch(/socket hang up|ECONNRESET/);
    expect(proc.logs().some((l) => String(l.msg).startsWith('drain time is up'))).toBe(true);
    expect(proc.out()).toContain('released: database');
  }, 180_000);

  it('stops gracefully with exit code 1 after an uncaught exception of unknown cause', async () => {
    const proc = start({});
    const port = await proc.port();
    await get(port, '/crash');
    expect(await exitWithin(proc, 60_000)).toBe(1);
    expect(proc.logs().find((l) => l.msg === 'uncaught exception: stopping')?.level).toBe(60);
    expect(proc.out()).toContain('released: database');
  }, 180_000);
});
