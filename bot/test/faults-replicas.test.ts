// Two bot replicas on one journal with a backlog older than the old two-minute staleness: every
// update is handled by exactly one of them (claims by lease, not by age). A replica that dies mid-update
// lets its lease run out and the other one takes the update over.
import { describe, it, expect, beforeAll, afterAll, jest } from '@jest/globals';
import { ChatMessage, Organization, QueryTypes, TelegramUpdate } from '@crm/database';
import { createLogger, openJobQueue } from '@crm/core';
import { buildBotApp } from '../src/app.js';
import type { BotManager } from '../src/bot-manager.js';
import { claimUpdate } from '../src/intake/journal.js';
import { startHarness, type Harness } from '@crm/testing/bot-harness';
import { telegramUser, UpdateFactory } from '@crm/testing/telegram-updates';

jest.setTimeout(90_000);

let h: Harness;
let second: { manager: BotManager; close(): Promise<void> };
const updates = new UpdateFactory();

beforeAll(async () => {
  h = await startHarness();
  const jobs = await openJobQueue({ url: process.env.CRM_TEST_DATABASE_URL!, poolMax: 2 });
  const { manager } = buildBotApp({
    config: { TELEGRAM_API_ROOT: h.fake.apiRoot, TELEGRAM_MODE: 'webhook', PUBLIC_URL: h.url, PORT: 0, BOT_RECONCILE_MS: 200, BOT_RETRY_SWEEP_MS: 60_000 },
    sequelize: h.sequelize,
    logger: createLogger('bot-replica', 'silent'),
    queue: jobs.queue,
    botOptions: { maxRetries: 0 },
  });
  await manager.start();
  second = {
    manager,
    close: async () => {
      await manager.stop();
      await jobs.close();
    },
  };
});

afterAll(async () => {
  await second?.close();
  await h?.close();
});

describe('two bot replicas on one backlog', () => {
  it('handle each update of a three-minute-old backlog exactly once', async () => {
    const { org } = await h.org('Replicas');
    await second.manager.reconcile();
    const fresh = await Organization.findByPk(org.id);
    const count = 100;
    const people = Array.from({ length: 30 }, () => telegramUser());
    for (let i = 0; i < count; i++) {
      const update = updates.text(people[i % people.length]!, `Сообщение ${i}`);
      await TelegramUpdate.create({ org_id: org.id, bot_id: fresh!.bot_id!, update_id: update.update_id, payload: update });
    }
    await h.sequelize.query(`UPDATE telegram_updates SET created_at = now() - interval '3 minutes' WHERE org_id = :org`, { replacements: { org: org.id } });

    const started = Date.now();
    // Both replicas sweep the same backlog again and again while it is being processed.
    for (let round = 0; round < 6; round++) {
      await Promise.all([h.manager.sweep({ olderThanMs: 0 }), second.manager.sweep({ olderThanMs: 0 })]);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await Promise.all([h.manager.idle(), second.manager.idle()]);
    await Promise.all([h.manager.sweep({ olderThanMs: 0 }), second.manager.sweep({ olderThanMs: 0 })]);
    await Promise.all([h.manager.idle(), second.manager.idle()]);

    const [stats] = await h.sequelize.query<{ done: number; twice: number }>(
      `SELECT count(*) FILTER (WHERE status = 'done')::int AS done, count(*) FILTER (WHERE attempts > 1)::int AS twice
         FROM telegram_updates WHERE org_id = :org`,
      { replacements: { org: org.id }, type: QueryTypes.SELECT },
    );
    const messages = await ChatMessage.count({ where: { org_id: org.id, direction: 'inbound' } });
    console.log(
      `[faults] two bot replicas, backlog of ${count} three-minute-old updates: ${stats!.done} done, ` +
        `${stats!.twice} handled twice, ${messages} messages stored in ${Date.now() - started} ms`,
    );
    expect(stats).toEqual({ done: count, twice: 0 });
    expect(messages).toBe(count);
  });

  it('takes over an update whose replica died only after its lease ran out', async () => {
    const { org } = await h.org('Lease');
    const fresh = await Organization.findByPk(org.id);
    const update = updates.text(telegramUser(), 'Брошено');
    const row = await TelegramUpdate.create({ org_id: org.id, bot_id: fresh!.bot_id!, update_id: update.update_id, payload: update });
    // A replica claims it with a short lease and dies.
    expect(await claimUpdate(h.sequelize, row.id, 1_000)).toMatchObject({ attempts: 1 });
    expect(await claimUpdate(h.sequelize, row.id)).toBeNull();
    await h.sequelize.query(`UPDATE telegram_updates SET created_at = now() - interval '1 hour' WHERE id = :id`, { replacements: { id: row.id } });
    expect(await claimUpdate(h.sequelize, row.id)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await second.manager.sweep({ olderThanMs: 0 })).toBeGreaterThanOrEqual(1);
    await second.manager.idle();
    expect(await row.reload()).toMatchObject({ status: 'done', attempts: 2 });
    expect(await ChatMessage.count({ where: { org_id: org.id, content: 'Брошено' } })).toBe(1);
  });
});
