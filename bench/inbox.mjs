#!/usr/bin/env node
// Inbox benchmark: the team inbox of one firm with 20,000 conversations (18,000 leads, 1,500 people
// with their own thread, 500 Telegram groups; a fifth resolved, managers, hand-offs and unread spread
// over them), seeded in SQL into a throwaway database with the database's own triggers on.
//
// In one process and over one connection pool, one call at a time, in alternating rounds:
// - bare: `SELECT 1`, the floor of any read through this pool;
// - inbox counts: the six tab counts (core `conversationCounts`, what GET /api/chats/counts answers);
// - chat list and the "Mine" tab: the first page as GET /api/chats builds it (core `listConversationViews`);
// - writes: a lead's unread count going 0 → 1 → 0 (each step changes the counts, so the triggers
//   rewrite the conversation's entry) next to the same UPDATE of a column no count depends on.
// Prints p50/p95/p99 per read and write and each one's p50 over bare's.
//
// Run: npm run bench inbox   (or: npm run build:server && TEST_DATABASE_URL=… node bench/inbox.mjs)
// Knobs: INBOX_CONVERSATIONS (default 20000), BENCH_ROUNDS (default 4), BENCH_CALLS (per round, default 150).
import os from 'node:os';
import { percentile, throwawayDatabase } from './lib/util.mjs';

const CONVERSATIONS = Number(process.env.INBOX_CONVERSATIONS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CALLS = Number(process.env.BENCH_CALLS ?? 150);

const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const { createSequelize, migrate } = await import('../database/dist/index.js');
const { conversationCounts, listConversationViews } = await import('../core/dist/index.js');

const groups = Math.round(CONVERSATIONS * 0.025);
const people = Math.round(CONVERSATIONS * 0.075);
const leads = CONVERSATIONS - groups - people;

const database = await throwawayDatabase(baseUrl, 'crm_bench_inbox');
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => { database.drop().finally(() => process.exit(130)); });
const sequelize = createSequelize({ url: database.url, poolMax: 4 });
try {
  await migrate(sequelize);
  const started = performance.now();
  for (const statement of seed()) await sequelize.query(statement);
  await sequelize.query('VACUUM ANALYZE');
  const seconds = (performance.now() - started) / 1000;
  const [[{ manager }]] = await sequelize.query(`SELECT min(id) AS manager FROM users WHERE role = 'manager'`);
  const [[{ lead }]] = await sequelize.query('SELECT min(id) AS lead FROM leads WHERE unread_count = 0');
  const counts = await conversationCounts(sequelize, 1, manager);
  console.log(`seeded ${CONVERSATIONS} conversations (${leads} leads, ${people} people, ${groups} groups) in ${seconds.toFixed(1)} s, triggers on; `
    + `counts ${JSON.stringify(counts)}`);

  let flip = 0;
  const cases = {
    'bare: SELECT 1': () => sequelize.query('SELECT 1'),
    'inbox counts': () => conversationCounts(sequelize, 1, manager),
    'chat list (first page)': () => listConversationViews(sequelize, 1, { limit: 25 }),
    'chat list: Mine tab': () => listConversationViews(sequelize, 1, { filter: { state: 'open', manager_id: manager }, limit: 25 }),
    'write: unread 0 ↔ 1 (counted)': () => sequelize.query('UPDATE leads SET unread_count = :n WHERE id = :lead', { replacements: { n: flip++ % 2, lead } }),
    'write: same UPDATE, uncounted column': () => sequelize.query('UPDATE leads SET hotness = :n WHERE id = :lead', { replacements: { n: flip++ % 2, lead } }),
  };
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (const run of Object.values(cases)) for (let i = 0; i < 20; i++) await run();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(cases)) {
      for (let i = 0; i < CALLS; i++) {
        const t = performance.now();
        await run();
        samples[name].push(performance.now() - t);
      }
    }
  }
  const ms = (v) => v.toFixed(2);
  const bareP50 = percentile([...samples['bare: SELECT 1']].sort((a, b) => a - b), 50);
  console.log(`\n| read or write | p50 / p95 / p99 ms | p50 over bare |\n|---|---|---|`);
  for (const [name, values] of Object.entries(samples)) {
    values.sort((a, b) => a - b);
    console.log(`| ${name} | ${ms(percentile(values, 50))} / ${ms(percentile(values, 95))} / ${ms(percentile(values, 99))} | ${name.startsWith('bare') ? '—' : `+${ms(percentile(values, 50) - bareP50)} ms`} |`);
  }
  const [[rows]] = await sequelize.query('SELECT count(*)::int AS n FROM inbox_counts WHERE org_id = 1');
  console.log(`\n${ROUNDS} alternating rounds × ${CALLS} calls each, one at a time; ${rows.n} count rows after the run; `
    + `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.cpus().length} cores`);
} finally {
  await sequelize.close();
  await database.drop();
}

/** One firm: an admin, 4 managers, then leads, people with their own thread and groups, written by generate_series. */
function seed() {
  return [
    `INSERT INTO organizations (name) VALUES ('Inbox bench')`,
    `INSERT INTO users (org_id, role, name, email) SELECT 1, r::user_role, 'Staff ' || k, 'staff' || k || '@bench.test'
       FROM generate_series(0, 4) k, LATERAL (SELECT CASE WHEN k = 0 THEN 'admin' ELSE 'manager' END) x(r)`,
    `INSERT INTO projects (org_id, name, manager_id, budget_total)
       SELECT 1, 'Flat ' || g, 2 + g % 4, 100000 FROM generate_series(1, ${groups}) g`,
    `INSERT INTO leads (org_id, telegram_id, chat_id, manager_id, name, status, position, source, unread_count, needs_manager,
         last_message_at, last_activity_at, created_at)
       SELECT 1, 6000000000 + g, 6000000000 + g, CASE WHEN g % 3 = 0 THEN NULL ELSE 2 + g % 4 END, 'Lead ' || g, 'new', g, 'telegram',
         CASE WHEN g % 7 = 0 THEN 1 + g % 3 ELSE 0 END, g % 11 = 0, now() - g * interval '1 minute', now(), now() - g * interval '1 minute'
       FROM generate_series(1, ${leads}) g`,
    `INSERT INTO users (org_id, role, name, telegram_id, manager_id, last_message_at, unread_count)
       SELECT 1, 'client', 'Client ' || g, 7000000000 + g, CASE WHEN g % 2 = 0 THEN 2 + g % 4 END, now() - g * interval '90 seconds', g % 5
       FROM generate_series(1, ${people}) g`,
    `INSERT INTO telegram_groups (org_id, chat_id, title, project_id, unread_count, last_message_at)
       SELECT 1, -1000000000 - g, 'Group ' || g, CASE WHEN g % 2 = 0 THEN g END, g % 4, now() - g * interval '2 minutes'
       FROM generate_series(1, ${groups}) g`,
    `INSERT INTO resolved_conversations (org_id, conversation_id)
       SELECT 1, 'lead-' || id FROM leads WHERE id % 5 = 0
       UNION ALL SELECT 1, 'user-' || id FROM users WHERE role = 'client' AND id % 5 = 0
       UNION ALL SELECT 1, 'group-' || id FROM telegram_groups WHERE id % 5 = 0`,
  ];
}
