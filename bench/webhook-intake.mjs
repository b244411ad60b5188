#!/usr/bin/env node
// Webhook intake benchmark: text updates POSTed to the bot process (secret check → journal INSERT →
// 200, then routing into leads/chat_messages in the background) next to a bare baseline, a minimal
// node:http server doing the same single INSERT, in the same run, on 127.0.0.1 only.
//
// Run (PostgreSQL from BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL; a throwaway database is
// created and dropped):
//   npm run build:server && TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/webhook-intake.mjs
// Knobs: BENCH_UPDATES (default 6000, split over BENCH_ROUNDS=3 alternating rounds), BENCH_CONCURRENCY
// (in-flight requests, default 32), BENCH_PEOPLE (distinct senders, default 500).
import { spawn } from 'node:child_process';
import http from 'node:http';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, percentile, throwawayDatabase, waitFor } from './lib/util.mjs';

const BOT_ID = 555000111;
const BASELINE_BOT_ID = 1;

if (process.argv[2] === '--baseline-server') await baselineServer();
else await main();

/** The bare baseline: read the body, one INSERT, answer 200. Same pool size as the bot process. */
async function baselineServer() {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });
  pool.on('error', () => {});
  const orgId = Number(process.env.ORG_ID);
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    try {
      const update = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      await pool.query(
        `INSERT INTO telegram_updates (org_id, bot_id, update_id, payload) VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (bot_id, update_id) DO NOTHING`,
        [orgId, BASELINE_BOT_ID, update.update_id, JSON.stringify(update)]);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    } catch {
      res.writeHead(500).end();
    }
  });
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
  process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
}




/** Fires `total` POSTs with at most `concurrency` in flight over keep-alive connections. */
async function load({ port, path: urlPath, secret, total, concurrency, makeUpdate }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = new Float64Array(total);
  let next = 0;
  let failures = 0;
  const post = (body) => new Promise((resolve) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (secret) headers['x-telegram-bot-api-secret-token'] = secret;
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < total; i = next++) {
      const body = JSON.stringify(makeUpdate(i));
      const t0 = performance.now();
      const status = await post(body);
      latencies[i] = performance.now() - t0;
      if (status !== 200) failures += 1;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  return { seconds, rps: total / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), failures };
}

function textUpdate(base, people) {
  return (i) => {
    const userId = 800_000_000 + (i % people);
    return {
      update_id: base + i,
      message: {
        message_id: base + i, date: Math.floor(Date.now() / 1000), text: `Здравствуйте, нужен ремонт квартиры ${i}`,
        from: { id: userId, is_bot: false, first_name: `Клиент ${i % people}`, username: `client${i % people}`, language_code: 'ru' },
        chat: { id: userId, type: 'private', first_name: `Клиент ${i % people}` },
      },
    };
  };
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const total = Number(process.env.BENCH_UPDATES ?? 6000);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
  const people = Number(process.env.BENCH_PEOPLE ?? 500);
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('Set BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL to a PostgreSQL server');
  const { FakeTelegram } = await import(path.join(root, 'telegram-sim/dist/fake-telegram.js'));
  const { createSequelize, migrate } = await import(path.join(root, 'database/dist/index.js'));

  const database = await throwawayDatabase(serverUrl, 'crm_bench_intake');
  const dbUrl = database.url;
  const children = [];
  const fake = await FakeTelegram.start();
  const db = new pg.Pool({ connectionString: dbUrl, max: 2 });
  db.on('error', () => {});
  try {
    const sequelize = createSequelize({ url: dbUrl, poolMax: 2 });
    await migrate(sequelize);
    await sequelize.close();
    const token = `${BOT_ID}:AAbenchmark${'x'.repeat(24)}`;
    const { rows: [org] } = await db.query(`INSERT INTO organizations (name, bot_token) VALUES ('Bench', $1) RETURNING id`, [token]);
    const quiet = { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn', NODE_ENV: 'production' };

    // Both servers run as their own processes; rounds alternate so a change in machine load hits both.
    const basePort = await freePort();
    const base = spawn(process.execPath, [fileURLToPath(import.meta.url), '--baseline-server'], {
      env: { ...quiet, PORT: String(basePort), ORG_ID: String(org.id) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(base);
    await once(base, 'message');
    const botPort = await freePort();
    const bot = spawn(process.execPath, [path.join(root, 'bot/dist/main.js')], {
      env: { ...quiet, BOT_PORT: String(botPort), PUBLIC_URL: `http://127.0.0.1:${botPort}`, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_MODE: 'webhook' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(bot);
    await waitFor(async () => (await (await fetch(`http://127.0.0.1:${botPort}/health`)).json()).bots === 1, 30_000, 'the bot process');
    const { rows: [{ webhook_secret: secret }] } = await db.query('SELECT webhook_secret FROM organizations WHERE id = $1', [org.id]);
    const botPath = `/telegram/webhook/${BOT_ID}`;
    const countDone = async (from, to) => Number((await db.query(
      `SELECT count(*) FROM telegram_updates WHERE bot_id = $1 AND update_id >= $2 AND update_id < $3 AND status = 'done'`, [BOT_ID, from, to])).rows[0].count);

    // Warm-up, then every round: baseline, then the bot, waiting until the bot has processed it all.
    await load({ port: basePort, path: '/', total: 500, concurrency, makeUpdate: textUpdate(9_000_000, people) });
    await load({ port: botPort, path: botPath, secret, total: 500, concurrency, makeUpdate: textUpdate(9_000_000, people) });
    await waitFor(async () => (await countDone(9_000_000, 9_000_500)) === 500, 60_000, 'warm-up processing');
    const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
    const perRound = Math.ceil(total / rounds);
    const baselines = [];
    const intakes = [];
    let processing = 0;
    for (let r = 0; r < rounds; r++) {
      const first = 1_000_000 + r * perRound;
      baselines.push(await load({ port: basePort, path: '/', total: perRound, concurrency, makeUpdate: textUpdate(first, people) }));
      const started = performance.now();
      intakes.push(await load({ port: botPort, path: botPath, secret, total: perRound, concurrency, makeUpdate: textUpdate(first, people) }));
      await waitFor(async () => (await countDone(first, first + perRound)) === perRound, 180_000, 'background processing').catch(async (error) => {
        const { rows } = await db.query('SELECT status, count(*)::int AS n, max(attempts) AS attempts FROM telegram_updates WHERE bot_id = $1 GROUP BY status', [BOT_ID]);
        console.log('  journal:', JSON.stringify(rows));
        throw error;
      });
      processing += (performance.now() - started) / 1000;
    }
    const { rows: [counts] } = await db.query(
      `SELECT (SELECT count(*) FROM chat_messages WHERE org_id = $1) AS messages, (SELECT count(*) FROM leads WHERE org_id = $1) AS leads`, [org.id]);
    base.kill('SIGTERM');
    bot.kill('SIGTERM');
    await Promise.all([once(base, 'exit'), once(bot, 'exit')]);

    const median = (list) => [...list].sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)];
    const fmt = (r) => `${r.rps.toFixed(0).padStart(6)} updates/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms`;
    const failures = (list) => list.reduce((n, r) => n + r.failures, 0);
    const [baseline, intake] = [median(baselines), median(intakes)];
    console.log(`\nWebhook intake, ${rounds} rounds of ${perRound} text updates from ${people} people, ${concurrency} in flight, 127.0.0.1 (median round)`);
    console.log(`  bare node:http + one INSERT     : ${fmt(baseline)}   non-200: ${failures(baselines)}`);
    console.log(`  bot process (ack after journal) : ${fmt(intake)}   non-200: ${failures(intakes)}`);
    console.log(`  bot / baseline throughput       : ${(intake.rps / baseline.rps * 100).toFixed(0)}%   (rounds: ${intakes.map((r, i) => `${(r.rps / baselines[i].rps * 100).toFixed(0)}%`).join(', ')})`);
    console.log(`  fully processed (lead + message rows, incl. intake): ${(perRound * rounds / processing).toFixed(0)} updates/s`);
    console.log(`  rows: ${counts.messages} chat messages, ${counts.leads} leads (expected ${perRound * rounds + 500} and ${people})`);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await db.end();
    await fake.close();
    await database.drop();
  }
}
