#!/usr/bin/env node
// Inbound message → event on the back office stream. A Telegram text update is POSTed to the bot
// process's webhook (journal, route into leads/chat_messages, NOTIFY in the same transaction); the
// api process LISTENs, loads the message and conversation and writes `message.created` to an open
// SSE stream (GET /api/events). Latency is measured from the webhook POST to the event read by the
// client. Real processes, real PostgreSQL, everything on 127.0.0.1; a throwaway database.
//
// Run: npm run build:server && TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/inbound-to-event.mjs
// Knobs: BENCH_MESSAGES (sequential phase, default 300), BENCH_BURST (concurrent phase, default 600),
// BENCH_CONCURRENCY (in flight in the burst, default 16), BENCH_PEOPLE (distinct senders, default 50).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, percentile, throwawayDatabase, waitFor } from './lib/util.mjs';

const BOT_ID = 555000222;
const JWT_SECRET = randomBytes(32).toString('hex'); // production mode refuses a guessable secret
const HARD_LIMIT_MS = 240_000;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sequential = Number(process.env.BENCH_MESSAGES ?? 300);
const burst = Number(process.env.BENCH_BURST ?? 600);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const people = Number(process.env.BENCH_PEOPLE ?? 50);

/** Reads an SSE stream; calls onEvent(type, data, receivedAt) for each event. */
function openStream(url, onEvent) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk) => {
        const at = performance.now();
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let type = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) type = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trim();
          }
          if (data) onEvent(type, JSON.parse(data), at);
        }
      });
      resolve(req);
    });
    req.on('error', reject);
  });
}

function update(seq, i) {
  const userId = 810_000_000 + (i % people);
  return {
    update_id: seq,
    message: {
      message_id: seq,
      date: Math.floor(Date.now() / 1000),
      text: `Нужен ремонт, замер когда? #${seq}`,
      from: { id: userId, is_bot: false, first_name: `Клиент ${i % people}`, username: `bench${i % people}`, language_code: 'ru' },
      chat: { id: userId, type: 'private', first_name: `Клиент ${i % people}` },
    },
  };
}

async function main() {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('Set BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL to a PostgreSQL server');
  const { FakeTelegram } = await import('@crm/telegram-sim');
  const { createSequelize, migrate } = await import('@crm/database');
  const { signToken } = await import('@crm/core');

  const database = await throwawayDatabase(serverUrl, 'crm_bench_events');
  const dbUrl = database.url;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'crm-bench-events-'));
  const children = [];
  const fake = await FakeTelegram.start();
  const db = new pg.Pool({ connectionString: dbUrl, max: 2 });
  let stream;
  try {
    const sequelize = createSequelize({ url: dbUrl, poolMax: 2 });
    await migrate(sequelize);
    await sequelize.close();
    const token = `${BOT_ID}:AAbenchmark${'y'.repeat(24)}`;
    // AI off: this measures the chat path, not the qualifier replying.
    const {
      rows: [org],
    } = await db.query(`INSERT INTO organizations (name, bot_token, ai_enabled) VALUES ('Bench', $1, false) RETURNING id`, [token]);
    const {
      rows: [manager],
    } = await db.query(`INSERT INTO users (org_id, role, name, email) VALUES ($1, 'manager', 'Bench manager', 'bench-manager@example.test') RETURNING id`, [
      org.id,
    ]);
    const staffToken = signToken({ kind: 'staff', sub: manager.id, org_id: org.id, role: 'manager' }, JWT_SECRET, '1h');
    const env = { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn', NODE_ENV: 'production', JWT_SECRET, DATA_DIR: dataDir, SEED_DEMO: 'never' };

    const apiPort = await freePort();
    const api = spawn(process.execPath, [path.join(root, 'api/dist/main.js')], {
      env: { ...env, PORT: String(apiPort), PUBLIC_URL: `http://127.0.0.1:${apiPort}` },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(api);
    const botPort = await freePort();
    const bot = spawn(process.execPath, [path.join(root, 'bot/dist/main.js')], {
      env: { ...env, BOT_PORT: String(botPort), PUBLIC_URL: `http://127.0.0.1:${botPort}`, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_MODE: 'webhook' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(bot);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${apiPort}/api/health`)).ok, 60_000, 'the api process');
    await waitFor(async () => (await (await fetch(`http://127.0.0.1:${botPort}/health`)).json()).bots === 1, 60_000, 'the bot process');
    const {
      rows: [{ webhook_secret: secret }],
    } = await db.query('SELECT webhook_secret FROM organizations WHERE id = $1', [org.id]);

    const sentAt = new Map();
    const latencies = [];
    const onEvent = () => {};
    let ready;
    const readyPromise = new Promise((resolve) => {
      ready = resolve;
    });
    stream = await openStream(`http://127.0.0.1:${apiPort}/api/events?token=${encodeURIComponent(staffToken)}`, (type, data, at) => {
      if (type === 'ready') ready();
      if (type !== 'message.created') return;
      const seq = Number(/#(\d+)$/.exec(data.message?.content ?? '')?.[1]);
      const t0 = sentAt.get(seq);
      if (t0 === undefined) return;
      sentAt.delete(seq);
      latencies.push(at - t0);
      onEvent();
    });
    await readyPromise;

    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const post = (body) =>
      new Promise((resolve) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: botPort,
            path: `/telegram/webhook/${BOT_ID}`,
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': secret },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode));
          },
        );
        req.on('error', () => resolve(0));
        req.end(body);
      });
    let seq = 1_000_000;
    /** Sends `count` updates with at most `inFlight` awaiting their event; answers the latencies. */
    async function phase(count, inFlight) {
      latencies.length = 0;
      let next = 0;
      let failures = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          for (let i = next++; i < count; i = next++) {
            const id = ++seq;
            const arrived = new Promise((resolve) => {
              const check = () => (sentAt.has(id) ? setTimeout(check, 2) : resolve());
              setTimeout(check, 2);
            });
            sentAt.set(id, performance.now());
            const status = await post(JSON.stringify(update(id, i)));
            if (status !== 200) {
              failures += 1;
              sentAt.delete(id);
              continue;
            }
            await Promise.race([arrived, new Promise((resolve) => setTimeout(resolve, 5_000))]);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const lost = sentAt.size;
      sentAt.clear();
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        count,
        seconds,
        failures,
        lost,
        received: sorted.length,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: sorted.at(-1),
      };
    }

    await phase(30, 1); // warm-up: first leads, JIT, connection pools
    const one = await phase(sequential, 1);
    const many = await phase(burst, concurrency);
    agent.destroy();

    const fmt = (r) =>
      `p50 ${r.p50.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   max ${r.max.toFixed(1).padStart(6)} ms   ` +
      `(${r.received}/${r.count} events, ${(r.count / r.seconds).toFixed(0)} msg/s, non-200: ${r.failures}, no event within 5 s: ${r.lost})`;
    console.log(`\nInbound message → SSE event (webhook → bot process → PostgreSQL NOTIFY → api → /api/events), ${people} people, 127.0.0.1`);
    console.log(`  one at a time      : ${fmt(one)}`);
    console.log(`  ${String(concurrency).padStart(2)} in flight       : ${fmt(many)}`);
    console.log(`  target p95 < 200 ms: ${one.p95 < 200 && many.p95 < 200 ? 'met' : 'NOT met'}`);
    if (one.lost || many.lost || one.failures || many.failures) process.exitCode = 1;
  } finally {
    stream?.destroy();
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 5000))]) : null)));
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await db.end();
    await fake.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const limit = setTimeout(() => {
  console.error('inbound-to-event: hard time limit reached');
  process.exit(2);
}, HARD_LIMIT_MS);
limit.unref();
await main();
