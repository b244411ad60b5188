// Runs the real nginx binary on loopback for the deployment tests: rendered config in a temporary prefix,
// foreground, no root paths. A missing nginx is a failure, never a skip.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const CANDIDATES = [process.env.NGINX_BIN, '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx', '/usr/local/nginx/sbin/nginx'];

export function nginxBinary(): string {
  const found = CANDIDATES.find((p): p is string => Boolean(p) && existsSync(p as string));
  if (!found) {
    throw new Error('nginx is not installed: the deployment tests need the real nginx (Debian: apt-get install -y nginx, or set NGINX_BIN)');
  }
  return found;
}

/** Root runs workers as `nobody`, who may not read the temp dirs; tests then keep the workers as root. */
export const testUser = process.getuid?.() === 0 ? 'root' : undefined;

export async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `crm-${label}-`));
  await chmod(dir, 0o755);
  return dir;
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** `nginx -t` on a config file; returns nginx's own verdict and output. */
export function nginxCheck(confPath: string, prefix: string): { ok: boolean; output: string } {
  const result = spawnSync(nginxBinary(), ['-t', '-p', prefix, '-c', confPath, '-e', 'stderr'], { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

export function selfSignedCertificate(dir: string, commonName = 'localhost'): { certificate: string; certificateKey: string } {
  const certificate = path.join(dir, 'fullchain.pem');
  const certificateKey = path.join(dir, 'privkey.pem');
  const result = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-nodes',
      '-newkey',
      'rsa:2048',
      '-days',
      '2',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      `subjectAltName=DNS:${commonName},IP:127.0.0.1`,
      '-keyout',
      certificateKey,
      '-out',
      certificate,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`openssl failed (is it installed?): ${result.stderr ?? result.error}`);
  return { certificate, certificateKey };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Several different free ports (two quick `freePort` calls may answer the same one). */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

async function waitForPort(port: number, child: ChildProcess, output: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not listen on ${port} within ${timeoutMs} ms: ${output()}`);
}

export interface RunningNginx {
  output(): string;
  stop(): Promise<void>;
}

/** Starts nginx in the foreground on a rendered config and waits until `port` accepts connections. */
export async function startNginx(conf: string, prefix: string, port: number): Promise<RunningNginx> {
  const confPath = path.join(prefix, 'nginx.conf');
  await writeFile(confPath, conf);
  const check = nginxCheck(confPath, prefix);
  if (!check.ok) throw new Error(`nginx -t failed:\n${check.output}\n${conf}`);
  const child = spawn(nginxBinary(), ['-p', prefix, '-c', confPath, '-e', 'stderr'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d) => {
    log += d;
  });
  child.stderr?.on('data', (d) => {
    log += d;
  });
  await waitForPort(port, child, () => log);
  return {
    output: () => log,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM'); // fast shutdown: open event streams must not hold the test up
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
