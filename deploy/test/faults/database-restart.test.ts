// PostgreSQL restarts for 3 s while leads write to the bot: api, bot and jobs keep running (none exits),
// every update Telegram delivered is processed exactly once, and every lead gets its replies exactly once.
// Telegram's own behaviour is reproduced: an update not answered 200 is delivered again.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { QueryTypes, type Sequelize } from '@crm/database';
import { deliverUpdate, FakeTelegram } from '@crm/testing/fake-telegram';
import { buildWorkspace, waitFor } from '@crm/testing/process-harness';
import { removeDir, tempDir } from '@crm/testing/nginx-harness';
import { checkConnection, queryWhenUp, startProduct, startRestartablePostgres, type ProductProcesses, type RestartablePostgres } from './fault-harness.js';

let pgServer: RestartablePostgres;
let fake: FakeTelegram;
let dataDir: string;
let product: ProductProcesses | undefined;
let db: Sequelize;

beforeAll(async () => {
  for (const ws of ['api', 'bot', 'jobs'] as const) buildWorkspace(ws);
  pgServer = await startRestartablePostgres('restart');
  db = checkConnection(pgServer.url);
  fake = await FakeTelegram.start();
  dataDir = await tempDir('fault-restart');
}, 300_000);

afterAll(async () => {
  if (product && process.env.FAULT_LOG_DIR) {
    const { writeFileSync } = await import('node:fs');
    for (const [name, proc] of Object.entries(product.procs)) writeFileSync(`${process.env.FAULT_LOG_DIR}/${name}.log`, proc.stdout() + proc.stderr());
  }
  product?.kill();
  await db?.close();
  await fake?.close();
  await pgServer?.close();
  await removeDir(dataDir);
});

/** Delivers an update the way Telegram does: again and again, with a pause, until the webhook answers 200. */
async function deliverLikeTelegram(url: string, update: object, secret: string): Promise<number> {
  let attempts = 0;
  const deadline = Date.now() + 90_000;
  for (;;) {
    attempts += 1;
    const status = await deliverUpdate(url, update, secret).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return attempts;
    if (Date.now() > deadline) throw new Error(`update not accepted within 90 s (last status ${status})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const textUpdate = (updateId: number, chatId: number, text: string) => ({
  update_id: updateId,
  message: {
    message_id: updateId,
    date: Math.floor(Date.now() / 1000),
    text,
    chat: { id: chatId, type: 'private', first_name: `Lead ${chatId}` },
    from: { id: chatId, is_bot: false, first_name: `Lead ${chatId}` },
  },
});

describe('a PostgreSQL restart under intake', () => {
  it('loses and doubles nothing, and no process exits', async () => {
    const botId = 7_300_000_000 + Math.floor(Math.random() * 1e8);
    const token = `${botId}:AAHfaultRestart${Math.random().toString(36).slice(2, 12)}`;
    await db.query(`INSERT INTO organizations (name, bot_token, bot_id, created_at, updated_at) VALUES ('Restart Renovation', :token, :botId, now(), now())`, {
      replacements: { token, botId },
    });
    product = await startProduct(pgServer.url, dataDir, { TELEGRAM_API_ROOT: fake.apiRoot, BOT_RECONCILE_MS: '500' });
    const fakeBot = fake.bot(token);
    await waitFor('webhook set', async () => fakeBot.webhook, 60_000, product.procs.bot);
    const { url, secret_token: secret } = fakeBot.webhook!;
    const firstChat = 8_300_000 + Math.floor(Math.random() * 1e5);
    const repliesTo = (chatId: number) => fake.sent(chatId, token).length;

    // A baseline: what one lead's first message gets back when nothing fails.
    await deliverLikeTelegram(url, textUpdate(1, firstChat, 'Здравствуйте, нужен ремонт ванной 6 м²'), secret!);
    await waitFor('baseline replies', async () => repliesTo(firstChat) > 0, 60_000);
    await new Promise((r) => setTimeout(r, 3_000)); // any further reply to that message arrives in this time
    const expectedReplies = repliesTo(firstChat);

    // 40 leads write over ~6 s; the database goes down for 3 s in the middle.
    const leads = 40;
    const started = Date.now();
    let restart: Promise<{ downMs: number }> | undefined;
    const deliveries: Array<Promise<number>> = [];
    for (let i = 0; i < leads; i++) {
      if (i === 12) restart = pgServer.restart(3_000);
      deliveries.push(deliverLikeTelegram(url, textUpdate(100 + i, firstChat + 1 + i, `Нужен ремонт кухни ${10 + i} м², бюджет ${300 + i} тыс.`), secret!));
      await new Promise((r) => setTimeout(r, 150));
    }
    const { downMs } = await restart!;
    const attempts = await Promise.all(deliveries);
    const redelivered = attempts.filter((a) => a > 1).length;

    const chats = Array.from({ length: leads }, (_, i) => firstChat + 1 + i);
    // An update whose claim was cut off by the restart is taken again after its stale time (2 minutes).
    await waitFor('every lead answered', async () => chats.every((c) => repliesTo(c) >= expectedReplies), 200_000).catch(async (error: Error) => {
      // What was left, for the diagnosis: the unanswered chats, the journal and the outbound messages' states.
      const states = await db
        .query(
          `SELECT 'update' AS what, status::text, count(*)::int AS n FROM telegram_updates WHERE bot_id = :botId GROUP BY status
        UNION ALL SELECT 'outbound', m.status::text, count(*)::int FROM chat_messages m JOIN organizations o ON o.id = m.org_id
        WHERE o.bot_id = :botId AND m.direction = 'outbound' GROUP BY m.status`,
          { replacements: { botId }, type: QueryTypes.SELECT },
        )
        .catch(String);
      const unanswered = chats.filter((c) => repliesTo(c) < expectedReplies);
      const detail = await db
        .query(
          `SELECT 'update' AS what, (payload->'message'->'chat'->>'id')::bigint AS chat, status::text, attempts, error, NULL AS direction
           FROM telegram_updates WHERE bot_id = :botId AND (payload->'message'->'chat'->>'id')::bigint IN (:unanswered)
           UNION ALL SELECT 'message', m.chat_id, m.status::text, NULL, m.error, m.direction::text FROM chat_messages m
           JOIN organizations o ON o.id = m.org_id WHERE o.bot_id = :botId AND m.chat_id IN (:unanswered)`,
          { replacements: { botId, unanswered }, type: QueryTypes.SELECT },
        )
        .catch(String);
      // Their AI turns: a job left locked (or never stored) is where an answer waits.
      const turns = await db
        .query(
          `SELECT j.data->>'lead_id' AS lead_id, j.locked_at, j.next_run_at, j.last_finished_at, j.fail_count, j.fail_reason
           FROM agenda_jobs j WHERE j.name = 'ai.qualify'
             AND (j.data->>'lead_id')::int IN (SELECT l.id FROM leads l JOIN organizations o ON o.id = l.org_id WHERE o.bot_id = :botId AND l.chat_id IN (:unanswered))`,
          { replacements: { botId, unanswered }, type: QueryTypes.SELECT },
        )
        .catch(String);
      throw new Error(
        `${error.message}; unanswered chats ${JSON.stringify(unanswered)}; ` +
          `states ${JSON.stringify(states)}; their updates and messages ${JSON.stringify(detail)}; their AI turns ${JSON.stringify(turns)}; sent to them ${JSON.stringify(unanswered.map((c) => fake.sent(c, token).length))}; exits ${JSON.stringify(product!.exits())}`,
      );
    });
    const answeredAfter = Date.now() - started;
    await new Promise((r) => setTimeout(r, 5_000)); // time for a duplicate to show up

    const journal = await queryWhenUp(() =>
      db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM telegram_updates WHERE bot_id = :botId GROUP BY status', {
        replacements: { botId },
        type: QueryTypes.SELECT,
      }),
    );
    const inbound = await queryWhenUp(() =>
      db.query<{ chat_id: number; n: number }>(
        `SELECT m.chat_id, count(*)::int AS n FROM chat_messages m JOIN organizations o ON o.id = m.org_id
       WHERE o.bot_id = :botId AND m.direction = 'inbound' GROUP BY m.chat_id`,
        { replacements: { botId }, type: QueryTypes.SELECT },
      ),
    );
    const perChat = chats.map((c) => repliesTo(c));
    const health = await Promise.all([
      fetch(`http://127.0.0.1:${product.ports.api}/api/health`).then((r) => r.status),
      fetch(`http://127.0.0.1:${product.ports.bot}/health`).then((r) => r.status),
      fetch(`http://127.0.0.1:${product.ports.jobs}/health`).then((r) => r.status),
    ]);
    console.log(
      `database restart: down ${downMs} ms during intake of ${leads} leads; all answered ${answeredAfter} ms after the first; ` +
        `${redelivered} updates delivered again by "Telegram"; replies per lead ${expectedReplies}; ` +
        `journal ${JSON.stringify(journal)}; lost ${chats.filter((c) => repliesTo(c) < expectedReplies).length}, ` +
        `doubled ${perChat.filter((n) => n > expectedReplies).length}; exits ${JSON.stringify(product.exits())}`,
    );

    expect(product.exits()).toEqual([]);
    expect(health).toEqual([200, 200, 200]);
    expect(journal).toEqual([{ status: 'done', n: leads + 1 }]);
    expect(inbound.map((r) => Number(r.n)).every((n) => n === 1)).toBe(true);
    expect(inbound).toHaveLength(leads + 1);
    expect(perChat).toEqual(chats.map(() => expectedReplies));
  }, 420_000);
});
