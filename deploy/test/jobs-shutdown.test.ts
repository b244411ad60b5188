// The production jobs process (`node jobs/dist/main.js`) stopped with SIGTERM in the middle of a queue of
// outbound Telegram messages, as during an upgrade: it exits 0 after finishing the sends in flight, nothing
// is left half-sent, and the next process delivers the rest — every message exactly once.
// The processes get a database of their own, so their queue never touches other test files' jobs.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import { ChatMessage, Op, Organization, createSequelize, migrate, type Sequelize } from '@crm/database';
import { createLogger, openJobQueue, queueOutboundMessage } from '@crm/core';
import { FakeTelegram } from '../../bot/src/testing/fake-telegram.js';
import { buildWorkspace, startProcess, waitFor, type RunningProcess } from './process-harness.js';
import { freePort, removeDir, tempDir } from './nginx-harness.js';

const serverUrl = process.env.CRM_TEST_SERVER_URL!;
const dbName = `crm_deploy_jobs_${process.pid}_${Date.now().toString(36)}`;
const dbUrl = (() => { const u = new URL(serverUrl); u.pathname = `/${dbName}`; return u.toString(); })();

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
  queue = await openJobQueue({ url: dbUrl, logger: createLogger('deploy-jobs', 'silent') });
  fake = await FakeTelegram.start();
  dataDir = await tempDir('jobs-shutdown');
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
    // A slow bot (5 messages/s) so that the stop lands in the middle of the queue.
    TELEGRAM_RATE_PER_SEC: '5', JOBS_CONCURRENCY: '5',
  });
  running.push(proc);
  await waitFor('jobs healthy', async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, 60_000, proc);
  return proc;
}

const stopWithin = (proc: RunningProcess, ms: number) => {
  proc.child.kill('SIGTERM');
  return Promise.race([proc.exited, new Promise((r) => setTimeout(() => r(`still running after ${ms} ms`), ms))]);
};

describe('jobs process on SIGTERM', () => {
  it('finishes the sends in flight, exits 0, and the next process delivers the rest exactly once', async () => {
    const botId = 7_100_000_000 + Math.floor(Math.random() * 1e8);
    const org = await Organization.create({ name: 'Shutdown Delivery', bot_token: `${botId}:deploy-shutdown-token`, bot_id: botId });
    const firstChat = 9_100_000 + Math.floor(Math.random() * 1e5);
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) {
      const message = await queueOutboundMessage({ queue: queue.queue }, { org_id: org.id, chat_id: firstChat + i, content: `Сообщение ${i}` });
      ids.push(message.id);
    }
    const count = (status: string) => ChatMessage.count({ where: { id: { [Op.in]: ids }, status } });

    const first = await startJobs();
    await waitFor('a few sent', async () => (await count('sent')) >= 5, 30_000, first);
    expect(await stopWithin(first, 30_000)).toBe(0);

    const sentBefore = await count('sent');
    expect(sentBefore).toBeLessThan(ids.length);
    expect(await count('sending')).toBe(0); // nothing left half-way
    expect(await count('failed')).toBe(0);
    expect(await count('queued')).toBe(ids.length - sentBefore);
    expect(fake.calls('sendMessage').filter((c) => c.status === 200)).toHaveLength(sentBefore);
    expect(first.jsonLogs().some((l) => String(l.msg).includes('shutting down'))).toBe(true);

    const second = await startJobs();
    // A job still running when the drain time-out hit is retried once its lock expires (2 minutes).
    await waitFor('all sent', async () => (await count('sent')) === ids.length, 150_000, second).catch(async (error: Error) => {
      const [statuses] = await sequelize.query(`SELECT status, count(*) FROM chat_messages WHERE id IN (${ids.join(',')}) GROUP BY status`);
      const [jobs] = await sequelize.query(`SELECT name, locked_at, next_run_at, last_run_at, failed_at, fail_reason FROM agenda_jobs WHERE name = 'telegram.send'`);
      throw new Error(`${error.message}\nstatuses ${JSON.stringify(statuses)}\njobs ${JSON.stringify(jobs)}`);
    });
    for (let i = 0; i < ids.length; i++) expect(fake.sent(firstChat + i)).toHaveLength(1);
    expect(fake.calls('sendMessage').filter((c) => c.status === 200)).toHaveLength(ids.length);
    expect(await stopWithin(second, 30_000)).toBe(0);
  }, 240_000);
});
