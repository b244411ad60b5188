#!/usr/bin/env node
// Outbound fan-out benchmark: 1,000 messages to 1,000 different chats of one bot, queued through
// queueOutboundMessage (as the api does) and delivered by the jobs worker against the fake Bot API,
// which answers 429 once a bot exceeds 30 messages/s. Telegram's floor for this is 1000/30 = 33.3 s.
// Targets: elapsed within 10% of the floor, zero 429s, zero lost, zero duplicates — with one jobs
// process and with two sharing the bot (its limits held through PostgreSQL), in the same run.
//
// Run (PostgreSQL from BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL; a throwaway database is
// created and dropped; everything listens on 127.0.0.1):
//   npm run build:server && TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/outbound-fanout.mjs
// Before the clock starts, BENCH_WARM_UP (default 20) messages per jobs process go to another bot, so
// the processes are warm (pools open, code compiled) as a running deployment's are.
// Knobs: BENCH_MESSAGES (default 1000), BENCH_TIMEOUT_SEC (default 120), BENCH_DEBUG=1 (sends per second),
// BENCH_JOBS_PROCESSES (the runs, default "1,2": one jobs process, then two).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { freePort, throwawayDatabase } from './lib/util.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { createSequelize, migrate, Organization, ChatMessage, Op } = await import('@crm/database');
const { createLogger, openJobQueue, queueOutboundMessage } = await import('@crm/core');
const { FakeTelegram } = await import('@crm/telegram-sim');

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1000);

// The producer runs in its own thread (as the api runs in its own process), so its database work
// does not stall the fake Bot API's event loop and distort the arrival times it rate-limits on.
if (!isMainThread) {
  const { url, orgId, firstChat, count, warm } = workerData;
  const sequelize = createSequelize({ url, poolMax: 5 });
  const producer = await openJobQueue({ url, logger: createLogger('bench-producer', 'warn') });
  // Warm-up: a few messages of another bot, so the jobs processes (and this producer) are warm, as in
  // production, when the clock starts; the parent says when they are sent.
  const warmIds = [];
  for (let i = 0; i < warm.count; i++) {
    warmIds.push((await queueOutboundMessage({ queue: producer.queue }, { org_id: warm.orgId, chat_id: 900_000 + i, content: `Warm-up ${i}` })).id);
  }
  parentPort.postMessage({ warmIds });
  await once(parentPort, 'message');
  const ids = [];
  parentPort.postMessage({ started: Date.now() });
  for (let i = 0; i < count; i++) {
    const message = await queueOutboundMessage({ queue: producer.queue }, { org_id: orgId, chat_id: firstChat + i, content: `Fan-out ${i}` });
    ids.push(message.id);
  }
  await producer.close();
  await sequelize.close();
  parentPort.postMessage({ ids });
  process.exit(0);
}

const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_SEC ?? 120) * 1000;
/** Warm-up messages per jobs process, to another bot, before the clock starts (BENCH_WARM_UP). */
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 20);
const TELEGRAM_LIMIT = 30;
const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!baseUrl) {
  console.error('Set BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL to a PostgreSQL server');
  process.exit(2);
}
const host = new URL(baseUrl).hostname;
if (host !== '127.0.0.1' && host !== 'localhost') {
  console.error('The benchmark only talks to a PostgreSQL on 127.0.0.1');
  process.exit(2);
}

const runs = (process.env.BENCH_JOBS_PROCESSES ?? '1,2')
  .split(',')
  .map(Number)
  .filter((n) => n >= 1);
const summary = [];
for (const processes of runs) summary.push(await run(processes));
console.log(`\n| jobs processes | elapsed (floor ${(MESSAGES / TELEGRAM_LIMIT).toFixed(1)} s) | over floor | 429 answers | lost | duplicates |`);
console.log('|---|---|---|---|---|---|');
for (const r of summary)
  console.log(
    `| ${r.processes} | ${r.elapsed.toFixed(2)} s | ${r.overFloor >= 0 ? '+' : ''}${r.overFloor.toFixed(1)} % | ${r.limited} | ${r.lost} | ${r.duplicates} |`,
  );
process.exitCode = summary.every((r) => r.lost === 0 && r.duplicates === 0) ? 0 : 1;

/** One fan-out with `processes` jobs processes on a fresh database and a fresh fake Bot API. */
async function run(processes) {
  const database = await throwawayDatabase(baseUrl, 'crm_bench_fanout');
  const url = database.url;

  const sequelize = createSequelize({ url, poolMax: 10 });
  const fake = await FakeTelegram.start({ rateLimit: { global: TELEGRAM_LIMIT } });
  let producer;
  const workers = [];
  const hardStop = setTimeout(() => {
    console.error(`Gave up after ${TIMEOUT_MS / 1000} s`);
    process.exit(1);
  }, TIMEOUT_MS + 30_000);
  hardStop.unref();

  try {
    await migrate(sequelize);
    const org = await Organization.create({ name: 'Bench', bot_token: '9900001:BENCH-token', bot_id: 9900001 });
    // The jobs processes run as they do in production: each its own process, its own pools.
    for (let i = 0; i < processes; i++) {
      const port = await freePort();
      const worker = spawn(process.execPath, [path.join(root, 'jobs/dist/main.js')], {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, DATABASE_URL: url, TELEGRAM_API_ROOT: fake.apiRoot, JOBS_PORT: String(port), JOBS_HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      });
      workers.push(worker);
      await waitForHealth(worker, port);
    }
    const firstChat = 100_000;
    // The producer is a separate, never-started Agenda, like the api's. The clock starts at its first enqueue.
    const warmOrg = await Organization.create({ name: 'Warm-up', bot_token: '9900002:WARM-token', bot_id: 9900002 });
    producer = new Worker(new URL(import.meta.url), {
      workerData: { url, orgId: org.id, firstChat, count: MESSAGES, warm: { orgId: warmOrg.id, count: WARM_UP * processes } },
    });
    const [{ warmIds }] = await once(producer, 'message');
    const warmedBy = Date.now() + TIMEOUT_MS;
    while ((await ChatMessage.count({ where: { id: { [Op.in]: warmIds }, status: 'sent' } })) < warmIds.length && Date.now() < warmedBy) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    producer.postMessage('go');
    const [{ started }] = await once(producer, 'message');
    const [{ ids }] = await once(producer, 'message');
    const queuedIn = Date.now() - started;

    let sent = 0;
    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    while (Date.now() - started < TIMEOUT_MS) {
      sent = await ChatMessage.count({ where: { id: { [Op.in]: ids }, status: 'sent' } });
      if (sent === MESSAGES) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const elapsed = (Date.now() - started) / 1000;
    lag.disable();
    if (process.env.BENCH_DEBUG)
      console.log(`  fake's event loop   delay p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`);
    const floor = MESSAGES / TELEGRAM_LIMIT;
    const accepted = fake.calls('sendMessage').filter((c) => c.status === 200 && c.bot_id === org.bot_id);
    const perChat = new Map();
    for (const call of accepted) perChat.set(String(call.params.chat_id), (perChat.get(String(call.params.chat_id)) ?? 0) + 1);
    const duplicates = [...perChat.values()].filter((n) => n > 1).length;
    const lost = MESSAGES - perChat.size;
    const overFloor = (elapsed / floor - 1) * 100;

    console.log(
      `outbound fan-out, ${processes} jobs process${processes > 1 ? 'es' : ''}: ${MESSAGES} messages to ${MESSAGES} chats, fake Bot API enforcing ${TELEGRAM_LIMIT}/s per bot`,
    );
    console.log(`  queued in           ${(queuedIn / 1000).toFixed(2)} s`);
    console.log(
      `  elapsed             ${elapsed.toFixed(2)} s (floor ${floor.toFixed(1)} s, ${overFloor >= 0 ? '+' : ''}${overFloor.toFixed(1)}%; target within 10%)`,
    );
    const rejected = fake.requests.filter((r) => r.status === 429 && r.bot_id === org.bot_id);
    const limited = rejected.map((r) => ((r.at - started) / 1000).toFixed(1));
    console.log(`  429 answers         ${limited.length} (target 0)${limited.length ? ` at ${limited.join(', ')} s` : ''}`);
    if (process.env.BENCH_DEBUG) {
      // Accepted sends per second of the run, to see where throughput went.
      const perSecond = {};
      for (const call of accepted) perSecond[Math.floor((call.at - started) / 1000)] = (perSecond[Math.floor((call.at - started) / 1000)] ?? 0) + 1;
      console.log(`  per second          ${Object.values(perSecond).join(' ')}`);
      const times = accepted.map((call) => call.at - started).sort((a, b) => a - b);
      console.log(`  first sends (ms)    ${times.slice(0, 12).map(Math.round).join(' ')}`);
      const gaps = times.slice(1).map((t, i) => t - times[i]);
      console.log(
        `  gaps over 100 ms    ${gaps.flatMap((g, i) => (g > 100 ? [`${Math.round(g)} at ${(times[i] / 1000).toFixed(1)} s`] : [])).join(', ') || 'none'}`,
      );
      // Before each 429: the gaps (ms) between the accepted sends of the second that it ends.
      for (const call of rejected) {
        const before = times.filter((t) => t <= call.at - started && t > call.at - started - 1000);
        const window = before.slice(1).map((t, i) => Math.round(t - before[i]));
        console.log(`  429 at ${((call.at - started) / 1000).toFixed(2)} s: ${before.length} sends in the second before it, gaps ${window.join(' ')}`);
      }
    }
    console.log(`  lost                ${lost} (target 0)`);
    console.log(`  duplicates          ${duplicates} (target 0)`);
    console.log(`  status sent in DB   ${sent}/${MESSAGES}`);
    return { processes, elapsed, overFloor, limited: limited.length, lost, duplicates };
  } finally {
    for (const worker of workers) {
      if (worker.exitCode === null) {
        worker.kill('SIGTERM');
        await once(worker, 'exit');
      }
    }
    await producer?.terminate().catch(() => {});
    await sequelize.close().catch(() => {});
    await fake.close();
    await database.drop();
    clearTimeout(hardStop);
  }
}

process.exit(process.exitCode ?? 0);

async function waitForHealth(worker, port) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (worker.exitCode !== null) throw new Error('the jobs process exited');
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the jobs process did not become healthy');
}
