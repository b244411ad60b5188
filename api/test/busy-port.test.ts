import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let occupied: Server;
let port: number;

beforeAll(async () => {
  // The built processes are what `npm start` runs; tsc -b is incremental, so this is quick when up to date.
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`tsc -b failed: ${build.stdout}${build.stderr}`);
  occupied = createServer();
  await new Promise<void>((resolve) => occupied.listen(0, resolve));
  port = (occupied.address() as { port: number }).port;
}, 120_000);
afterAll(async () => {
  await new Promise((resolve) => occupied.close(resolve));
});

function run(entry: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, entry)], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'never',
        DATABASE_URL: process.env.CRM_TEST_DATABASE_URL ?? '',
        JWT_SECRET: 'busy-port-test-secret-0123456789abcdef0123456789',
        TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
        TELEGRAM_MODE: 'webhook',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not exit: ${stderr}`));
    }, 45_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('a busy port stops a process with a message saying what to set', () => {
  it('api', async () => {
    const { code, stderr } = await run('api/dist/main.js', { PORT: String(port), BOT_PORT: '0', JOBS_PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toContain(`port ${port} is in use — set PORT=`);
  }, 60_000);

  it('bot', async () => {
    const { code, stderr } = await run('bot/dist/main.js', { BOT_PORT: String(port), PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toContain(`port ${port} is in use — set BOT_PORT=`);
  }, 60_000);
});
