// The production api process (`node api/dist/main.js`) stopped with SIGTERM, as `docker compose stop`
// or a rolling upgrade does: it stops accepting connections, finishes the request in flight, exits 0,
// and the work of that request is in the database. Its logs are JSON lines on stdout.
import { randomBytes } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import http from 'node:http';
import pg from 'pg';
import { buildWorkspace, startProcess, waitFor, type RunningProcess } from '@crm/testing/process-harness';
import { freePort, removeDir, tempDir } from '@crm/testing/nginx-harness';

const databaseUrl = process.env.CRM_TEST_DATABASE_URL!;
let proc: RunningProcess | undefined;
let dataDir: string;

beforeAll(async () => {
  buildWorkspace('api');
  dataDir = await tempDir('api-shutdown');
}, 300_000);

afterAll(async () => {
  proc?.kill();
  await removeDir(dataDir);
});

/** Opens a request and sends only part of its body: the server is mid-request until `finish` is called. */
function slowRequest(port: number, path: string, body: string) {
  const bytes = Buffer.from(body);
  const req = http.request({
    host: '127.0.0.1',
    port,
    path,
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': bytes.length },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once('response', (res) => {
      let text = '';
      res.on('data', (d) => {
        text += d;
      });
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.once('error', reject);
  });
  const half = Math.floor(bytes.length / 2);
  req.write(bytes.subarray(0, half));
  return { response, finish: () => req.end(bytes.subarray(half)) };
}

describe('api process on SIGTERM', () => {
  it('finishes the in-flight request, refuses new connections, exits 0 and keeps the data', async () => {
    const port = await freePort();
    proc = startProcess('api/dist/main.js', {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      DATA_DIR: dataDir,
      SEED_DEMO: 'never',
      JWT_SECRET: randomBytes(32).toString('hex'),
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
    });
    await waitFor('api healthy', async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).ok, 60_000, proc);

    const email = `shutdown-${Date.now()}@example.test`;
    const inFlight = slowRequest(
      port,
      '/api/auth/register',
      JSON.stringify({
        organization: 'Graceful Shutdown LLC',
        name: 'Admin',
        email,
        password: 'correct horse battery',
      }),
    );
    await new Promise((r) => setTimeout(r, 300)); // the server has the headers and waits for the body

    proc.child.kill('SIGTERM');
    await waitFor('shutdown logged', async () => proc!.stdout().includes('shutting down'), 10_000);
    // No new connections once shutting down, while the old request is still open.
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    expect(proc.child.exitCode).toBeNull();

    inFlight.finish();
    const res = await inFlight.response;
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body).user.email).toBe(email);

    expect(await Promise.race([proc.exited, new Promise((r) => setTimeout(() => r('still running after 15 s'), 15_000))])).toBe(0);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT o.name FROM users u JOIN organizations o ON o.id = u.org_id WHERE u.email = $1', [email]);
      expect(rows).toEqual([{ name: 'Graceful Shutdown LLC' }]);
    } finally {
      await client.end();
    }

    const logs = proc.jsonLogs();
    expect(logs.find((l) => l.msg === 'stopped')).toBeDefined();
    expect(logs.every((l) => typeof l.level === 'number' || typeof l.level === 'string')).toBe(true);
    expect(proc.stdout()).not.toContain('correct horse battery');
  }, 120_000);
});
