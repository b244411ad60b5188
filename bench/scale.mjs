#!/usr/bin/env node
// Scale benchmark: the back office's lists for a large firm. A throwaway PostgreSQL database is
// seeded with 20 organizations, 100,000 leads and 1,000,000 chat messages (the largest tenant holds
// ~28 %), 2,000 projects and 200,000 transactions (bench/lib/scale-seed.mjs). The real api (built)
// and a bare node:http + pg server run in this process; the bare one replays, per endpoint, the SQL
// the api issued for the same request (captured from the pg driver), so the ratio is what the api
// costs beyond its queries. Load comes from a worker thread (bench/lib/load.mjs), keep-alive.
//
// For every endpoint, as the largest tenant's admin: max throughput at a fixed concurrency in
// alternating rounds (ours, bare, ours, bare…; min/median/max), and latency p50/p95/p99 at a fixed
// 200 req/s. Targets (reported, not asserted): ≥ 200 req/s and p95 < 50 ms at 200 req/s for the
// lists, cheap reads ≥ 70 % of bare, writes (expense, payment) p95 < 10 ms at 200k transactions.
//
// Run: npm run bench scale   (or: npm run build:server && TEST_DATABASE_URL=… node bench/scale.mjs)
// Knobs: SCALE_FACTOR (data set size, default 1), BENCH_SECONDS (per round, default 3),
// BENCH_ROUNDS (rounds per server, default 5: the median is then a middle round, not the worse of two), BENCH_CONCURRENCY (default 16), BENCH_RATE (default 200),
// BENCH_ONLY (run only the endpoints whose name contains this; `a|b` for either), BENCH_SQL=1 (print each endpoint's captured SQL),
// BENCH_EXPLAIN=1 (EXPLAIN ANALYZE them; 2 for whole plans), BENCH_PROFILE=<dir> (CPU profiles of this process in each round), BENCH_KEEP=1 (keep the seeded database),
// SCALE_DATABASE=<name> (measure a database kept earlier instead of seeding one).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { freePort, throwawayDatabase } from './lib/util.mjs';
import { seedStatements } from './lib/scale-seed.mjs';

const FACTOR = Number(process.env.SCALE_FACTOR ?? 1);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const ONLY = process.env.BENCH_ONLY ?? '';
const POOL = 10;
// BENCH_PROFILE=<dir>: a CPU profile of this process (both servers; load comes from a worker thread) for each round.
const PROFILE = process.env.BENCH_PROFILE ?? '';

const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const { default: pg } = await import('pg');
const { createSequelize, migrate } = await import('@crm/database');
const { createEventHub, createStorage, createLogger, signToken } = await import('@crm/core');
const { buildApp, loadApiConfig } = await import('@crm/api');

// Every query the pg driver sends while `capturing` is set (the api's, through Sequelize).
let capturing = null;
const sendQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function query(config, values, callback) {
  if (capturing) {
    const text = typeof config === 'string' ? config : config?.text;
    const params = typeof config === 'object' && config?.values ? config.values : Array.isArray(values) ? values : undefined;
    if (typeof text === 'string') capturing.push({ text, values: params });
  }
  return sendQuery.call(this, config, values, callback);
};

// SCALE_DATABASE: an already seeded database (by an earlier run with BENCH_KEEP=1), used as is and kept.
const database = process.env.SCALE_DATABASE
  ? { url: Object.assign(new URL(baseUrl), { pathname: `/${process.env.SCALE_DATABASE}` }).toString(), drop: async () => {}, reused: true }
  : await throwawayDatabase(baseUrl, 'crm_bench_scale');
if (process.env.BENCH_KEEP && !database.reused) database.drop = async () => console.log(`kept ${new URL(database.url).pathname.slice(1)}`);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
// Interrupted, the run still drops its database (a million rows each time otherwise add up).
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    database.drop().finally(() => process.exit(130));
  });
}
const worker = new Worker(new URL('./lib/load.mjs', import.meta.url));
const servers = [];
let sequelize;
let bare;
let events;
try {
  // 1. Schema and data.
  sequelize = createSequelize({ url: database.url, poolMax: POOL });
  await migrate(sequelize);
  const seeder = new pg.Client({ connectionString: database.url });
  await seeder.connect();
  const { sql, sizes } = seedStatements(FACTOR);
  const started = performance.now();
  if (!database.reused) {
    for (const statement of sql) await seeder.query(statement);
    await seeder.query('VACUUM ANALYZE');
  }
  const counts = (
    await seeder.query(`SELECT (SELECT count(*) FROM leads)::int AS leads, (SELECT count(*) FROM chat_messages)::int AS messages,
    (SELECT count(*) FROM transactions)::int AS transactions, (SELECT count(*) FROM leads WHERE org_id = 1)::int AS big_leads,
    (SELECT count(*) FROM chat_messages WHERE org_id = 1)::int AS big_messages`)
  ).rows[0];
  const seeded = (performance.now() - started) / 1000;
  const admin = (await seeder.query(`SELECT id FROM users WHERE org_id = 1 AND role = 'admin'`)).rows[0].id;
  const writeProjects = (await seeder.query(`SELECT id FROM projects WHERE org_id = 1 ORDER BY id LIMIT 50`)).rows.map((r) => r.id);
  await seeder.end();
  console.log(
    `seeded in ${seeded.toFixed(0)} s: ${counts.leads} leads, ${counts.messages} messages, ${counts.transactions} transactions; ` +
      `largest tenant ${counts.big_leads} leads, ${counts.big_messages} messages`,
  );

  // 2. The api, as production builds it.
  const ourPort = await freePort();
  const ours = `http://127.0.0.1:${ourPort}`;
  const jwtSecret = randomBytes(32).toString('hex');
  const storage = createStorage({ DATA_DIR: dataDir, PUBLIC_URL: ours, JWT_SECRET: jwtSecret });
  const config = loadApiConfig({ NODE_ENV: 'production', JWT_SECRET: jwtSecret, LOG_LEVEL: 'silent', PUBLIC_URL: ours });
  // With the event hub, as in production (organization-wide reads are kept until the organization's next change).
  events = createEventHub(database.url, createLogger('bench', 'silent'), { applicationName: 'crm-bench-events' });
  await events.ready();
  const app = buildApp({ config, sequelize, logger: createLogger('bench', 'silent'), storage, events });
  servers.push(await listen(app, ourPort));
  // The same api without the hub: what a read costs when nothing is kept (a change before every request).
  const uncachedPort = await freePort();
  const uncached = `http://127.0.0.1:${uncachedPort}`;
  servers.push(await listen(buildApp({ config, sequelize, logger: createLogger('bench', 'silent'), storage }), uncachedPort));
  const token = signToken({ kind: 'staff', sub: admin, org_id: 1, role: 'admin', tv: 0 }, jwtSecret, '2h');
  const headers = { authorization: `Bearer ${token}` };

  // 3. The endpoints, as the back office asks for them.
  const list = (resource, params) =>
    `/api/${resource}?${new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, JSON.stringify(v)])))}`;
  const deep = Math.min(10_000, Math.floor(counts.big_leads / 2));
  const today = new Date();
  const monthsAgo = (n) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - n, 1)).toISOString().slice(0, 10);
  const endpoints = [
    { name: 'cheap: one lead', path: `/api/leads/${sizes.busyLead}`, cheap: true, record: true },
    { name: 'cheap: project summary', path: '/api/projects/1/summary', cheap: true, record: true },
    { name: 'kanban column (new)', path: list('leads', { filter: { status: 'new' }, sort: ['position', 'ASC'], range: [0, 24] }), cheap: true },
    { name: 'leads search', path: list('leads', { filter: { q: 'мирнов' }, sort: ['created_at', 'DESC'], range: [0, 24] }) },
    { name: 'leads by activity', path: list('leads', { sort: ['last_activity_at', 'DESC'], range: [0, 24] }) },
    { name: `leads by activity @${deep}`, path: list('leads', { sort: ['last_activity_at', 'DESC'], range: [deep, deep + 24] }) },
    { name: 'chat list', path: list('chats', { filter: {}, sort: ['last_message_at', 'DESC'], range: [0, 24] }) },
    { name: 'messages: busiest thread', path: `/api/chats/lead-${sizes.busyLead}/messages?limit=30`, cheap: true },
    { name: 'messages: silent lead', path: `/api/chats/lead-${sizes.silentLead}/messages?limit=30`, cheap: true },
    { name: 'messages: silent person', path: `/api/chats/user-${sizes.silentUser}/messages?limit=30`, cheap: true },
    {
      name: 'project transactions',
      path: list('transactions', {
        filter: { project_id: 1, occurred_on_gte: monthsAgo(6), occurred_on_lte: monthsAgo(2) },
        sort: ['occurred_on', 'DESC'],
        range: [0, 24],
      }),
      cheap: true,
    },
    { name: 'dashboard', path: '/api/dashboard' },
    // For comparison, not a target: what a read costs when something changed before every request
    // (the row above is the dashboard as every manager gets it).
    { name: 'dashboard, read every time', path: '/api/dashboard', base: uncached, comparison: true },
    // Writes go to the firm's projects in turn, as a firm's do: 200 a second into one project would
    // only measure the queue on that project's money row, which every write to it updates.
    {
      name: 'write: expense',
      path: '/api/transactions',
      method: 'POST',
      bodies: writeProjects.map((id) => ({ project_id: id, amount: '1250.50', type: 'expense', category: 'materials', description: 'Бенчмарк' })),
      write: true,
    },
    {
      name: 'write: payment',
      path: '/api/transactions',
      method: 'POST',
      bodies: writeProjects.map((id) => ({ project_id: id, amount: '50000', type: 'income', category: 'payment', description: 'Бенчмарк' })),
      write: true,
    },
  ].filter((e) => ONLY.split('|').some((part) => e.name.includes(part)));

  // 4. Capture each endpoint's SQL (after a warm-up, so the session check is cached as under load),
  // from the api without the hub: a read it keeps issues its SQL once, and the bare server, which keeps
  // nothing, replays that SQL for every request.
  const send = (e, body) =>
    fetch(uncached + e.path, {
      method: e.method ?? 'GET',
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  // The SQL of one request with this body (each body of a write has its own: the bare server replays the one asked).
  const capture = async (e, body) => {
    const warm = await send(e, body);
    if (!warm.ok) throw new Error(`${e.name}: ${warm.status} ${await warm.text()}`);
    capturing = [];
    const res = await send(e, body);
    await res.arrayBuffer();
    const queries = capturing.filter(
      (q) => !/^SET |pg_type/i.test(q.text.trim()) && !/^SELECT id, org_id, role, is_active, telegram_id, token_version FROM users/.test(q.text.trim()),
    );
    capturing = null;
    return queries;
  };
  const routeKey = (method, url, body) => `${method} ${url} ${body ?? ''}`;
  const byRoute = new Map();
  for (const e of endpoints) {
    for (const body of e.bodies ?? [undefined]) {
      const queries = await capture(e, body);
      byRoute.set(routeKey(e.method ?? 'GET', e.path, body && JSON.stringify(body)), queries);
      e.queries ??= queries;
    }
    if (process.env.BENCH_EXPLAIN) {
      for (const q of e.queries.filter((x) => /^\s*(SELECT|WITH)/i.test(x.text))) {
        const plan = (await sequelize.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, { bind: q.values, type: 'SELECT' })).map((r) => r['QUERY PLAN']);
        console.log(`-- ${e.name}: ${plan.at(-1)}\n${plan.slice(0, Number(process.env.BENCH_EXPLAIN) > 1 ? undefined : 12).join('\n')}\n`);
      }
    }
    if (process.env.BENCH_SQL)
      console.log(`-- ${e.name}\n${e.queries.map((q) => `${q.text}${q.values ? ` -- ${JSON.stringify(q.values)}` : ''}`).join(';\n')};\n`);
  }

  // 5. The bare server: node:http + pg, replaying those queries for the same method and path.
  const barePort = await freePort();
  const bareBase = `http://127.0.0.1:${barePort}`;
  bare = new pg.Pool({ connectionString: database.url, max: POOL });
  servers.push(
    await listen(
      http.createServer((req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', async () => {
          const queries = byRoute.get(routeKey(req.method, req.url, chunks.length ? Buffer.concat(chunks).toString() : undefined));
          if (!queries) {
            res.writeHead(404).end();
            return;
          }
          const client = await bare.connect();
          try {
            // It answers what it read, as any server must: the largest result (a page's rows, a record), not a count that came last.
            let rows = [];
            for (const q of queries) {
              const result = await client.query(q.text, q.values);
              if (result.rows?.length >= rows.length) rows = result.rows;
            }
            res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(rows));
          } catch (error) {
            res.writeHead(500).end(String(error));
          } finally {
            client.release();
          }
        });
      }),
      barePort,
    ),
  );

  // 6. Measure.
  let jobs = 0;
  const pending = new Map();
  worker.on('message', (m) => {
    pending.get(m.id)?.(m);
    pending.delete(m.id);
  });
  const load = (job) =>
    new Promise((resolve, reject) => {
      const id = ++jobs;
      pending.set(id, (m) => (m.error ? reject(new Error(m.error)) : resolve(m.result)));
      worker.postMessage({ id, ...job });
    });
  const request = (e) => ({ method: e.method ?? 'GET', path: e.path, headers, bodies: e.bodies });
  const results = [];
  for (const e of endpoints) {
    const rounds = { ours: [], bare: [], cpu: { ours: [], bare: [] } };
    for (let r = 0; r < ROUNDS; r++) {
      for (const [side, base] of [
        ['ours', e.base ?? ours],
        ['bare', bareBase],
      ]) {
        const profiling = PROFILE ? await startProfile() : null;
        const cpu = process.threadCpuUsage();
        const result = await load({ mode: 'closed', base, request: request(e), concurrency: CONCURRENCY, seconds: SECONDS });
        const used = process.threadCpuUsage(cpu);
        rounds.cpu[side].push((used.user + used.system) / Math.max(1, result.ok));
        if (profiling) await stopProfile(profiling, `${e.name.replace(/[^\w@]+/g, '-')}-${side}-${r}`);
        if (result.failed) console.warn(`${e.name} (${side}): ${result.failed} failed, last status ${result.lastStatus}`);
        rounds[side].push(result.rps);
      }
    }
    const latency = {};
    for (const [side, base] of [
      ['ours', e.base ?? ours],
      ['bare', bareBase],
    ]) {
      latency[side] = await load({ mode: 'open', base, request: request(e), rate: RATE, seconds: SECONDS });
    }
    results.push({ e, rounds, latency });
    console.log(`${e.name}: ${row({ e, rounds, latency }).join(' | ')}`);
  }

  // 7. One table.
  const header = [
    'endpoint',
    'ours req/s (min/med/max)',
    'bare req/s (min/med/max)',
    'ratio',
    'api CPU µs/req ours / bare',
    `ours p50/p95/p99 @${RATE}/s`,
    `bare p50/p95/p99 @${RATE}/s`,
    'target',
  ];
  console.log(
    `\nlargest tenant: ${counts.big_leads} leads, ${counts.big_messages} messages; ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; concurrency ${CONCURRENCY}, ${ROUNDS}×${SECONDS} s rounds\n`,
  );
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const r of results) console.log(`| ${r.e.name} | ${row(r).join(' | ')} |`);
} finally {
  pg.Client.prototype.query = sendQuery;
  for (const server of servers) server.close();
  await worker.terminate();
  await bare?.end().catch(() => {});
  await events?.close().catch(() => {});
  await sequelize?.close().catch(() => {});
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
async function startProfile() {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

async function stopProfile(session, name) {
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(PROFILE, { recursive: true });
  writeFileSync(path.join(PROFILE, `${name}.cpuprofile`), JSON.stringify(profile));
}

// The api built in this process keeps its own timers and listeners (buildApp has no close): leave once
// the figures are out rather than wait on them forever.
process.exit(process.exitCode ?? 0);

function listen(server, port) {
  return new Promise((resolve) => {
    const s = server.listen(port, '127.0.0.1', () => resolve(s));
    if (s.keepAliveTimeout !== undefined) s.keepAliveTimeout = 30_000;
  });
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor((sorted.length - 1) / 2)], max: sorted[sorted.length - 1] };
}

function row({ e, rounds, latency }) {
  const o = stats(rounds.ours);
  const b = stats(rounds.bare);
  const ratio = o.median / b.median;
  const f = (n) => n.toFixed(0);
  const ms = (l) => `${l.p50.toFixed(1)}/${l.p95.toFixed(1)}/${l.p99.toFixed(1)} ms${l.failed || l.dropped ? ` (${l.failed + l.dropped} lost)` : ''}`;
  // A cheap read that is also a list (not one record) must meet the list's target as well.
  const listMet = o.median >= 200 && latency.ours.p95 < 50;
  const met = e.write ? latency.ours.p95 < 10 : e.cheap ? ratio >= 0.7 && (e.record || listMet) : listMet;
  const goal = e.write ? 'p95 < 10 ms' : e.cheap ? `≥ 70 % of bare${e.record ? '' : ', ≥ 200/s, p95 < 50 ms'}` : '≥ 200/s, p95 < 50 ms';
  const cpu = (side) => stats(rounds.cpu[side]).median.toFixed(0);
  return [
    `${f(o.min)}/${f(o.median)}/${f(o.max)}`,
    `${f(b.min)}/${f(b.median)}/${f(b.max)}`,
    `${(ratio * 100).toFixed(0)} %`,
    `${cpu('ours')} / ${cpu('bare')}`,
    ms(latency.ours),
    ms(latency.bare),
    e.comparison ? `comparison (${o.median >= 200 && latency.ours.p95 < 50 ? 'would meet' : 'would miss'} ${goal})` : `${met ? 'met' : 'MISSED'} (${goal})`,
  ];
}
