// The production jobs process killed with SIGKILL in the middle of a queue of outbound messages: the
// messages it had claimed are taken over by the next process once their short lease runs out (seconds,
// not minutes), every message is delivered, and only a request that was on the wire at the moment of
// the kill (its outcome unknown) can reach Telegram twice.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import { ChatMessage, Op, Organization, createSequelize, migrate, type Sequelize } from '@crm/database';
import { createLogger, openJobQueue, queueOutboundMessage } from '@crm/core';
import { FakeTelegram } from '../../bot/src/testing/fake-telegram.js';
import { buildWorkspace, startProcess, waitFor, type RunningProcess } from './process-harness.js';
import { freePort, removeDir, tempDir } from './nginx-harness.js';

const serverUrl = process.env.CRM_TEST_SERVER_URL!;
const dbName = `crm_deploy_crash_${process.pid}_${Date.now().toString(36)}`;
const dbUrl = (() => { const u = new URL(serverUrl); u.pathname = `/${dbName}`; return u.toString(); })();
const LEASE_MS = 3_000;

let sequelize: Sequelize;
let fake: FakeTelegram;
let queue: Awaited<ReturnType<typeof openJobQueue>>;
let dataDir: string;
const running: RunningProcess[] = [];

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try { await client.query(sql); } finally { await client.end(); }
}

beforeAll(async () => {
  buildWorkspace('jobs');
  await admin(`CREATE DATABASE ${dbName}`);
  sequelize = createSequelize({ url: dbUrl, poolMax: 3 });
  await migrate(sequelize);
  queue = await openJobQueue({ url: dbUrl, logger: createLogger('deploy-crash', 'silent') });
  fake = await FakeTelegram.start();
  dataDir = await tempDir('jobs-crash');
}, 300_000);

afterAll(async () => {
  for (const proc of running) proc.kill();
  await queue?.close();
  await sequelize?.close();
  await fake?.close();
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await removeDir(dataDir);
});

async function startJobs() {
  const port = await freePort();
  const proc = startProcess('jobs/dist/main.js', {
    DATABASE_URL: dbUrl, DATA_DIR: dataDir, JOBS_PORT: String(port), TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_RATE_PER_SEC: '8', JOBS_CONCURRENCY: '5', DELIVERY_LEASE_MS: String(LEASE_MS), DELIVERY_SWEEP_MS: '500',
  });
  running.push(proc);
  await waitFor('jobs healthy', async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, 60_000, proc);
  return proc;
}

describe('jobs process killed mid-queue', () => {
  it('hands its claimed messages to the next process within seconds and delivers everything', async () => {
    const botId = 7_200_000_000 + Math.floor(Math.random() * 1e8);
    const org = await Organization.create({ name: 'Crash Delivery', bot_token: `${botId}:deploy-crash-token`, bot_id: botId });
    const firstChat = 9_200_000 + Math.floor(Math.random() * 1e5);
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) {
      ids.push((await queueOutboundMessage({ queue: queue.queue }, { org_id: org.id, chat_id: firstChat + i, content: `Сообщение ${i}` })).id);
    }
    const count = (status: string) => ChatMessage.count({ where: { id: { [Op.in]: ids }, status } });

    const first = await startJobs();
    await waitFor('a few sent', async () => (await count('sent')) >= 8, 60_000, first);
    first.child.kill('SIGKILL');
    await first.exited;
    const stranded = await ChatMessage.findAll({ where: { id: { [Op.in]: ids }, status: 'sending' }, attributes: ['id'] });

    const restarted = Date.now();
    const second = await startJobs();
    await waitFor('stranded claims taken over', async () => (await ChatMessage.count({ where: { id: { [Op.in]: stranded.map((m) => m.id) }, status: 'sent' } })) === stranded.length, 60_000, second);
    const takenOverMs = Date.now() - restarted;
    await waitFor('all sent', async () => (await count('sent')) === ids.length, 120_000, second);
    const allMs = Date.now() - restarted;

    const doubled = ids.map((_, i) => fake.sent(firstChat + i).length).filter((n) => n > 1).length;
    console.log(`[faults] jobs SIGKILL mid-queue: ${stranded.length} claims stranded, taken over ${takenOverMs} ms after the restart, `
      + `all ${ids.length} sent after ${allMs} ms; ${doubled} sent twice (requests on the wire at the kill)`);
    for (let i = 0; i < ids.length; i++) expect(fake.sent(firstChat + i).length).toBeGreaterThanOrEqual(1);
    expect(doubled).toBeLessThanOrEqual(stranded.length);
    expect(takenOverMs).toBeLessThan(LEASE_MS + 20_000);
    second.kill();
  }, 300_000);
});
