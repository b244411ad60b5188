// Builds and runs the real production entry points (`node <ws>/dist/main.js`) the way a container does:
// environment only, JSON logs on stdout, SIGTERM to stop.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `tsc -b` for one process and the libraries it references, as the Docker build does for all of them. */
export function buildWorkspace(workspace: 'api' | 'bot' | 'jobs' | 'telegram-sim'): void {
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', path.join(root, workspace)], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (result.status !== 0) throw new Error(`tsc -b ${workspace} failed:\n${result.stdout}${result.stderr}`);
}

export interface RunningProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal that killed it). */
  exited: Promise<number | string>;
  /** Every non-empty stdout line parsed as JSON (throws on a line that is not JSON). */
  jsonLogs(): Array<Record<string, unknown>>;
  kill(): void;
}

export function startProcess(entry: string, env: Record<string, string>, cwd = root, args: string[] = []): RunningProcess {
  const child = spawn(process.execPath, [path.join(cwd, entry), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    jsonLogs: () =>
      out
        .split('\n')
        .filter((l) => l.trim())
        .map((line) => {
          try {
            return JSON.parse(line) as Record<string, unknown>;
          } catch {
            throw new Error(`not a JSON log line: ${line}`);
          }
        }),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000, proc?: RunningProcess): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (proc && proc.child.exitCode !== null) throw new Error(`${what}: the process exited (${proc.child.exitCode}):\n${proc.stdout()}\n${proc.stderr()}`);
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${proc ? `\n${proc.stdout()}\n${proc.stderr()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
