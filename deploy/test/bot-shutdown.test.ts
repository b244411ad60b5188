// The production bot process (`node bot/dist/main.js`) stopped with SIGTERM right after Telegram delivered a
// burst of webhooks: every update it acknowledged is processed before it exits 0 (within the drain time), none is left pending.
// The process gets a database of its own, so it never starts bots or replays updates of other test files.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import { Organization, createSequelize, migrate, type Sequelize } from '@crm/database';
import { FakeTelegram } from '@crm/testing/fake-telegram';
import { buildWorkspace, startProcess, waitFor, type RunningProcess } from '@crm/testing/process-harness';
import { freePort, removeDir, tempDir } from '@crm/testing/nginx-harness';

const serverUrl = process.env.CRM_TEST_SERVER_URL!;
const dbName = `crm_deploy_bot_${process.pid}_${Date.now().toString(36)}`;
const dbUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

let sequelize: Sequelize;
let fake: FakeTelegram;
let dataDir: string;
let proc: RunningProcess | undefined;
const others: RunningProcess[] = [];

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  buildWorkspace('bot');
  await admin(`CREATE DATABASE ${dbName}`);
  sequelize = createSequelize({ url: dbUrl, poolMax: 3 });
  await migrate(sequelize);
  fake = await FakeTelegram.start();
  dataDir = await tempDir('bot-shutdown');
}, 300_000);

afterAll(async () => {
  proc?.kill();
  for (const other of others) other.kill();
  await sequelize?.close();
  await fake?.close();
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await removeDir(dataDir);
});

describe('bot process on SIGTERM', () => {
  it('processes every acknowledged update before exiting 0', async () => {
    const botId = 7_200_000_000 + Math.floor(Math.random() * 1e8);
    const token = `${botId}:AAHdeployBotShutdown${Math.random().toString(36).slice(2, 12)}`;
    await Organization.create({ name: 'Bot Shutdown', bot_token: token });
    const port = await freePort();
    proc = startProcess('bot/dist/main.js', {
      DATABASE_URL: dbUrl,
      DATA_DIR: dataDir,
      BOT_PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_MODE: 'webhook',
      BOT_RECONCILE_MS: '500',
    });
    await waitFor('bot healthy', async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, 60_000, proc);
    const fakeBot = fake.bot(token);
    await waitFor('webhook set', async () => fakeBot.webhook, 30_000, proc);
    expect(fakeBot.webhook!.url).toBe(`http://127.0.0.1:${port}/telegram/webhook/${botId}`);

    const updates = Array.from({ length: 12 }, (_, i) => ({
      update_id: 500 + i,
      message: {
        message_id: 10 + i,
        date: Math.floor(Date.now() / 1000),
        text: `Нужен ремонт кухни, вопрос ${i}`,
        chat: { id: 620_000 + i, type: 'private', first_name: `Client ${i}` },
        from: { id: 620_000 + i, is_bot: false, first_name: `Client ${i}` },
      },
    }));
    const results = await Promise.all(updates.map((u) => fakeBot.deliver(u)));
    expect(results.map((r) => r.status)).toEqual(updates.map(() => 200));

    proc.child.kill('SIGTERM'); // right after the acknowledgements, while updates are still being processed
    expect(await Promise.race([proc.exited, new Promise((r) => setTimeout(() => r('still running after 30 s'), 30_000))])).toBe(0);

    const [rows] = await sequelize.query(`SELECT update_id, status FROM telegram_updates WHERE bot_id = ${botId} ORDER BY update_id`);
    expect(rows).toEqual(updates.map((u) => ({ update_id: u.update_id, status: 'done' })));
    expect(proc.jsonLogs().some((l) => l.msg === 'stopped')).toBe(true);
  }, 180_000);
});

describe('bot process killed with SIGKILL', () => {
  it("leaves no acknowledged update behind: the next process takes over the dead one's updates once their lease runs out, each handled once", async () => {
    const botId = 7_300_000_000 + Math.floor(Math.random() * 1e8);
    const token = `${botId}:AAHdeployBotKilled${Math.random().toString(36).slice(2, 12)}`;
    const org = await Organization.create({ name: 'Bot Killed', bot_token: token });
    const start = async () => {
      const port = await freePort();
      const started = startProcess('bot/dist/main.js', {
        DATABASE_URL: dbUrl,
        DATA_DIR: dataDir,
        BOT_PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TELEGRAM_MODE: 'webhook',
        BOT_RECONCILE_MS: '500',
        BOT_UPDATE_LEASE_MS: '3000',
        BOT_RETRY_SWEEP_MS: '500',
      });
      others.push(started);
      await waitFor('bot healthy', async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, 60_000, started);
      await waitFor('webhook set', async () => fake.bot(token).webhook?.url.includes(`:${port}/`), 30_000, started);
      return started;
    };
    const first = await start();
    const updates = Array.from({ length: 12 }, (_, i) => ({
      update_id: 900 + i,
      message: {
        message_id: 30 + i,
        date: Math.floor(Date.now() / 1000),
        text: `Нужен ремонт ванной, вопрос ${i}`,
        chat: { id: 640_000 + i, type: 'private', first_name: `Client ${i}` },
        from: { id: 640_000 + i, is_bot: false, first_name: `Client ${i}` },
      },
    }));
    const results = await Promise.all(updates.map((u) => fake.bot(token).deliver(u)));
    expect(results.map((r) => r.status)).toEqual(updates.map(() => 200));
    first.child.kill('SIGKILL'); // right after the acknowledgements: no drain, no last writes
    await first.exited;
    const statusOf = async () => (await sequelize.query(`SELECT status, count(*)::int AS n FROM telegram_updates WHERE bot_id = ${botId} GROUP BY status`))[0];
    const leftBehind = await statusOf();

    const killedAt = Date.now();
    const second = await start();
    await waitFor(
      'all updates done',
      async () => {
        const [rows] = await sequelize.query(`SELECT count(*)::int AS n FROM telegram_updates WHERE bot_id = ${botId} AND status = 'done'`);
        return (rows as Array<{ n: number }>)[0]!.n === updates.length;
      },
      60_000,
      second,
    );
    const [messages] = await sequelize.query(`SELECT chat_id::text AS chat_id, count(*)::int AS n FROM chat_messages
      WHERE org_id = ${org.id} AND direction = 'inbound' GROUP BY chat_id ORDER BY chat_id`);
    expect(messages).toEqual(updates.map((u) => ({ chat_id: String(u.message.chat.id), n: 1 })));
    const [leads] = await sequelize.query(`SELECT count(*)::int AS n FROM leads WHERE org_id = ${org.id}`);
    expect((leads as Array<{ n: number }>)[0]!.n).toBe(updates.length);
    console.log(
      `[faults] bot killed with SIGKILL after acknowledging ${updates.length} updates; left behind ${JSON.stringify(leftBehind)}; ` +
        `all done ${Date.now() - killedAt} ms after the kill, each stored once`,
    );
  }, 180_000);
});
