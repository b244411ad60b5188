#!/usr/bin/env node
// Webhook intake benchmark: text updates POSTed to the bot process (secret check → journal INSERT →
// 200, then routing into leads/chat_messages in the background) next to a bare baseline, a minimal
// node:http server doing the same single INSERT, in the same run, on 127.0.0.1 only.
// Then processing (journal → lead and message rows) with one bot process and with two sharing the
// journal: bursts POSTed through the webhooks (split between the processes as a proxy would), and a
// journaled backlog, next to the bare INSERT rate of the same message rows; with p50/p95 latency from
// an update's journal row to its message row, and what the bot processes spent per update: SQL
// statements sent (intake and processing, every pool) and CPU time (bench/lib/process-stats.mjs).
//
// Run (PostgreSQL from BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL; a throwaway database is
// created and dropped):
//   npm run build:server && TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/webhook-intake.mjs
// Knobs: BENCH_UPDATES (default 6000, split over BENCH_ROUNDS=3 alternating rounds), BENCH_CONCURRENCY
// (in-flight requests, default 32), BENCH_PEOPLE (distinct senders, default 500), BENCH_BACKLOG (journaled
// backlog processed at once, default 6000), BENCH_PROFILE (a directory: CPU profiles of the bot processes).
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
        [orgId, BASELINE_BOT_ID, update.update_id, JSON.stringify(update)],
      );
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
  const post = (body) =>
    new Promise((resolve) => {
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
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const body = JSON.stringify(makeUpdate(i));
        const t0 = performance.now();
        const status = await post(body);
        latencies[i] = performance.now() - t0;
        if (status !== 200) failures += 1;
      }
    }),
  );
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
        message_id: base + i,
        date: Math.floor(Date.now() / 1000),
        text: `Здравствуйте, нужен ремонт квартиры ${i}`,
        from: { id: userId, is_bot: false, first_name: `Клиент ${i % people}`, username: `client${i % people}`, language_code: 'ru' },
        chat: { id: userId, type: 'private', first_name: `Клиент ${i % people}` },
      },
    };
  };
}

/** Spawns `node bot/dist/main.js` on a free port and waits until its bot runs. */
async function startBot(root, env, children) {
  const port = await freePort();
  // BENCH_PROFILE=<dir>: a CPU profile of each bot process, written when it stops.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : [];
  const child = spawn(process.execPath, [...profile, '--import', path.join(root, 'bench/lib/process-stats.mjs'), path.join(root, 'bot/dist/main.js')], {
    env: { ...env, BOT_PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  await waitFor(async () => (await (await fetch(`http://127.0.0.1:${port}/health`)).json()).bots === 1, 30_000, 'the bot process');
  return { port, child };
}

/** The statements a bot process has sent and the CPU time it has used so far (bench/lib/process-stats.mjs). */
async function statsOf(child) {
  const reply = new Promise((resolve) => {
    const onMessage = (message) => {
      if (!message?.stats) return;
      child.off('message', onMessage);
      resolve(message.stats);
    };
    child.on('message', onMessage);
  });
  child.send('stats');
  return reply;
}

/** What the bot processes spent on `updates` updates while `work` ran: statements and CPU ms per update. */
async function costOf(children, updates, work) {
  const before = await Promise.all(children.map(statsOf));
  const result = await work();
  const after = await Promise.all(children.map(statsOf));
  const sum = (key) => after.reduce((n, s, i) => n + s[key] - before[i][key], 0);
  return { ...result, statements: sum('statements') / updates, cpuMs: sum('cpuMs') / updates };
}

/** Polls (every 10 ms) until `check` answers true. */
async function until(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** p50/p95 of the time from an update's journal row to its message row, for updates [from, to). */
async function journalToMessage(db, botId, orgId, from, to) {
  const {
    rows: [row],
  } = await db.query(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95
     FROM (SELECT extract(epoch FROM m.created_at - u.created_at) * 1000 AS ms
           FROM telegram_updates u JOIN chat_messages m
             ON m.org_id = $4 AND m.chat_id = (u.payload #>> '{message,chat,id}')::bigint AND m.telegram_message_id = (u.payload #>> '{message,message_id}')::bigint
           WHERE u.bot_id = $1 AND u.update_id >= $2 AND u.update_id < $3) t`,
    [botId, from, to, orgId],
  );
  return { p50: Number(row.p50), p95: Number(row.p95) };
}

/** Journals `count` updates as one committed backlog, as if acknowledged a moment ago. */
async function journalBacklog(db, orgId, botId, makeUpdate, count) {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    for (let i = 0; i < count; i += 500) {
      const bind = [];
      const values = [];
      for (let j = i; j < Math.min(count, i + 500); j++) {
        bind.push(orgId, botId, makeUpdate(j).update_id, JSON.stringify(makeUpdate(j)));
        const n = bind.length;
        values.push(`($${n - 3}, $${n - 2}, $${n - 1}, $${n}::jsonb)`);
      }
      await client.query(`INSERT INTO telegram_updates (org_id, bot_id, update_id, payload) VALUES ${values.join(', ')}`, bind);
    }
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

/**
 * The floor for processing: the same message rows (one per update, in the same leads) INSERTed one
 * statement each by `concurrency` connections, into a copy of chat_messages with its indexes.
 */
async function bareMessageInserts(dbUrl, orgId, makeUpdate, count, concurrency) {
  const pool = new pg.Pool({ connectionString: dbUrl, max: concurrency });
  pool.on('error', () => {});
  try {
    await pool.query('CREATE TABLE IF NOT EXISTS bench_messages (LIKE chat_messages INCLUDING ALL)');
    const leads = new Map((await pool.query('SELECT id, telegram_id FROM leads WHERE org_id = $1', [orgId])).rows.map((r) => [Number(r.telegram_id), r.id]));
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < count; i = next++) {
          const { message } = makeUpdate(i);
          await pool.query(
            `INSERT INTO bench_messages (org_id, lead_id, direction, kind, content, media, chat_id, telegram_message_id, status)
           VALUES ($1, $2, 'inbound', 'text', $3, '[]', $4, $5, 'received')`,
            [orgId, leads.get(message.from.id) ?? null, message.text, message.chat.id, message.message_id],
          );
        }
      }),
    );
    return count / ((performance.now() - started) / 1000);
  } finally {
    await pool.end();
  }
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const total = Number(process.env.BENCH_UPDATES ?? 6000);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
  const people = Number(process.env.BENCH_PEOPLE ?? 500);
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('Set BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL to a PostgreSQL server');
  const { FakeTelegram } = await import('@crm/telegram-sim');
  const { createSequelize, migrate } = await import('@crm/database');

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
    const {
      rows: [org],
    } = await db.query(`INSERT INTO organizations (name, bot_token) VALUES ('Bench', $1) RETURNING id`, [token]);
    // The baseline journals into an organization of its own, with no bot: the bot processes only its own rows.
    const {
      rows: [baselineOrg],
    } = await db.query(`INSERT INTO organizations (name) VALUES ('Bench baseline') RETURNING id`);
    const quiet = { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn', NODE_ENV: 'production' };

    // Both servers run as their own processes; rounds alternate so a change in machine load hits both.
    const basePort = await freePort();
    const base = spawn(process.execPath, [fileURLToPath(import.meta.url), '--baseline-server'], {
      env: { ...quiet, PORT: String(basePort), ORG_ID: String(baselineOrg.id) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push(base);
    await once(base, 'message');
    const botEnv = { ...quiet, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_MODE: 'webhook' };
    const { port: botPort, child: bot } = await startBot(root, botEnv, children);
    const {
      rows: [{ webhook_secret: secret }],
    } = await db.query('SELECT webhook_secret FROM organizations WHERE id = $1', [org.id]);
    const botPath = `/telegram/webhook/${BOT_ID}`;
    const countDone = async (from, to) =>
      Number(
        (
          await db.query(`SELECT count(*) FROM telegram_updates WHERE bot_id = $1 AND update_id >= $2 AND update_id < $3 AND status = 'done'`, [
            BOT_ID,
            from,
            to,
          ])
        ).rows[0].count,
      );
    const processed = (from, count) =>
      until(async () => (await countDone(from, from + count)) === count, 300_000, 'background processing').catch(async (error) => {
        const { rows } = await db.query(
          'SELECT status, count(*)::int AS n, max(attempts) AS attempts FROM telegram_updates WHERE bot_id = $1 GROUP BY status',
          [BOT_ID],
        );
        console.log('  journal:', JSON.stringify(rows));
        throw error;
      });

    // Warm-up, then every round: baseline, then the bot, waiting until the bot has processed it all.
    await load({ port: basePort, path: '/', total: 500, concurrency, makeUpdate: textUpdate(9_000_000, people) });
    await load({ port: botPort, path: botPath, secret, total: 500, concurrency, makeUpdate: textUpdate(9_000_000, people) });
    await processed(9_000_000, 500);
    const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
    const perRound = Math.ceil(total / rounds);
    const baselines = [];
    const intakes = [];
    /** One burst through the webhooks of these bot ports (requests shared out as a proxy would), until all of it is processed. */
    const burst = async (ports, first) => {
      const started = performance.now();
      const share = Math.ceil(perRound / ports.length);
      const results = await Promise.all(
        ports.map((port, k) =>
          load({
            port,
            path: botPath,
            secret,
            total: Math.min(share, perRound - k * share),
            concurrency: Math.ceil(concurrency / ports.length),
            makeUpdate: (i) => textUpdate(first, people)(k * share + i),
          }),
        ),
      );
      await processed(first, perRound);
      return {
        rps: perRound / ((performance.now() - started) / 1000),
        intake: results,
        ...(await journalToMessage(db, BOT_ID, org.id, first, first + perRound)),
      };
    };
    const oneProcess = [];
    for (let r = 0; r < rounds; r++) {
      const first = 1_000_000 + r * perRound;
      baselines.push(await load({ port: basePort, path: '/', total: perRound, concurrency, makeUpdate: textUpdate(first, people) }));
      const round = await costOf([bot], perRound, () => burst([botPort], first));
      intakes.push(round.intake[0]);
      oneProcess.push(round);
    }

    // A journaled backlog (acknowledged, nothing processed yet), taken by the bot processes at once.
    const backlogSize = Number(process.env.BENCH_BACKLOG ?? 6000);
    let nextBase = 3_000_000;
    const backlog = async (ports) => {
      const first = nextBase;
      nextBase += 1_000_000;
      await journalBacklog(db, org.id, BOT_ID, textUpdate(first, people), backlogSize);
      const started = performance.now();
      // One update through each webhook wakes the processes (they would otherwise find the backlog on their sweep).
      await Promise.all(
        ports.map((port, k) => load({ port, path: botPath, secret, total: 1, concurrency: 1, makeUpdate: () => textUpdate(first, people)(backlogSize + k) })),
      );
      await processed(first, backlogSize + ports.length);
      return {
        rps: (backlogSize + ports.length) / ((performance.now() - started) / 1000),
        ...(await journalToMessage(db, BOT_ID, org.id, first, first + backlogSize)),
      };
    };
    const backlogOne = await costOf([bot], backlogSize + 1, () => backlog([botPort]));
    const bare = await bareMessageInserts(dbUrl, org.id, textUpdate(nextBase, people), backlogSize, 8);

    // A second bot process on the same database shares the journal.
    const { port: botPort2, child: bot2 } = await startBot(root, botEnv, children);
    const twoProcesses = [];
    for (let r = 0; r < rounds; r++) twoProcesses.push(await costOf([bot, bot2], perRound, () => burst([botPort, botPort2], 2_000_000 + r * perRound)));
    const backlogTwo = await costOf([bot, bot2], backlogSize + 2, () => backlog([botPort, botPort2]));

    const {
      rows: [counts],
    } = await db.query(
      `SELECT (SELECT count(*) FROM chat_messages WHERE org_id = $1) AS messages, (SELECT count(*) FROM leads WHERE org_id = $1) AS leads,
              (SELECT count(*) FROM telegram_updates WHERE org_id = $1 AND attempts > 1) AS twice`,
      [org.id],
    );
    base.kill('SIGTERM');
    bot.kill('SIGTERM');
    bot2.kill('SIGTERM');
    await Promise.all([once(base, 'exit'), once(bot, 'exit'), once(bot2, 'exit')]);

    const median = (list) => [...list].sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)];
    const fmt = (r) => `${r.rps.toFixed(0).padStart(6)} updates/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms`;
    const fmtProcessed = (r) =>
      `${r.rps.toFixed(0).padStart(6)} updates/s   journal → message row p50 ${r.p50.toFixed(0).padStart(5)} ms   p95 ${r.p95.toFixed(0).padStart(5)} ms   ` +
      `per update: ${r.statements.toFixed(2)} statements, ${r.cpuMs.toFixed(2)} bot CPU ms`;
    const failures = (list) => list.reduce((n, r) => n + r.failures, 0);
    const [baseline, intake] = [median(baselines), median(intakes)];
    const expected = perRound * rounds * 2 + 500 + (backlogSize + 1) + (backlogSize + 2);
    console.log(`\nWebhook intake, ${rounds} rounds of ${perRound} text updates from ${people} people, ${concurrency} in flight, 127.0.0.1 (median round)`);
    console.log(`  bare node:http + one INSERT     : ${fmt(baseline)}   non-200: ${failures(baselines)}`);
    console.log(`  bot process (ack after journal) : ${fmt(intake)}   non-200: ${failures(intakes)}`);
    console.log(
      `  bot / baseline throughput       : ${((intake.rps / baseline.rps) * 100).toFixed(0)}%   (rounds: ${intakes.map((r, i) => `${((r.rps / baselines[i].rps) * 100).toFixed(0)}%`).join(', ')})`,
    );
    console.log(`\nProcessing into lead and message rows (median round; bursts include their intake)`);
    console.log(`  bare INSERT of the same message rows, 8 connections : ${bare.toFixed(0).padStart(6)} rows/s`);
    console.log(
      `  1 bot process, webhook burst of ${perRound}          : ${fmtProcessed(median(oneProcess))}   non-200: ${failures(oneProcess.flatMap((r) => r.intake))}`,
    );
    console.log(
      `  2 bot processes, webhook burst of ${perRound}        : ${fmtProcessed(median(twoProcesses))}   non-200: ${failures(twoProcesses.flatMap((r) => r.intake))}`,
    );
    console.log(`  1 bot process, journaled backlog of ${backlogSize}      : ${fmtProcessed(backlogOne)}`);
    console.log(`  2 bot processes, journaled backlog of ${backlogSize}    : ${fmtProcessed(backlogTwo)}`);
    console.log(
      `  2 processes / 1 process: bursts ${(median(twoProcesses).rps / median(oneProcess).rps).toFixed(2)}x, backlog ${(backlogTwo.rps / backlogOne.rps).toFixed(2)}x`,
    );
    console.log(
      `  rows: ${counts.messages} chat messages, ${counts.leads} leads, ${counts.twice} updates handled more than once (expected ${expected}, ${people} and 0)`,
    );
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await db.end();
    await fake.close();
    await database.drop();
  }
}
