// Two processors (as in two bot replicas) on one journal: every update is handled by exactly one of
// them, a chat's updates one at a time and in Telegram's order, different chats side by side. A failed
// or abandoned update does not hold its chat up, and an update without a chat is not held by anything.
import { describe, it, expect, beforeAll, afterAll, jest } from '@jest/globals';
import { Organization, QueryTypes, TelegramUpdate, type Sequelize } from '@crm/database';
import { connectTestDatabase } from '@crm/testing/database';
import { createLogger } from '@crm/core';
import { telegramUser, UpdateFactory } from '@crm/testing/telegram-updates';
import { UpdateProcessor, type UpdateHandler } from '../src/intake/processor.js';

jest.setTimeout(60_000);

let sequelize: Sequelize;
const updates = new UpdateFactory();
const logger = createLogger('journal-order', 'silent');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  sequelize = await connectTestDatabase();
});

afterAll(async () => {
  await sequelize?.close();
});

/** An organization whose journal only the processors of the test read (no bot runs for it). */
async function journalOf(name: string) {
  const org = await Organization.create({ name });
  const botId = 7_000_000_000 + org.id;
  const journal = (update: { update_id: number }) => TelegramUpdate.create({ org_id: org.id, bot_id: botId, update_id: update.update_id, payload: update });
  const processor = (handler: UpdateHandler, concurrency = 4) =>
    new UpdateProcessor(sequelize, logger, { orgIds: () => [org.id], handlerFor: () => handler }, { concurrency, leaseMs: 30_000 });
  return { org, journal, processor };
}

const chatOf = (update: { message?: { chat: { id: number } } }) => update.message!.chat.id;

describe('two processors on one journal', () => {
  it('handle every update once, each chat in order and never two of one chat at a time', async () => {
    const { org, journal, processor } = await journalOf('Order');
    const chats = Array.from({ length: 12 }, () => telegramUser());
    const journaled: Array<{ update_id: number; message?: { chat: { id: number } } }> = [];
    for (let i = 0; i < 240; i++) journaled.push(updates.text(chats[i % chats.length]!, `Сообщение ${i}`));
    // Arrival order differs from Telegram's order within a chat: the journal orders by update_id.
    for (const update of [...journaled].reverse()) await journal(update);

    const handled: Array<{ by: string; chat: number; update_id: number }> = [];
    const running = new Set<number>();
    let overlaps = 0;
    const handlerOf =
      (by: string): UpdateHandler =>
      async (update) => {
        const chat = chatOf(update as never);
        if (running.has(chat)) overlaps += 1;
        running.add(chat);
        await pause(Math.random() * 4);
        handled.push({ by, chat, update_id: update.update_id });
        running.delete(chat);
      };
    const a = processor(handlerOf('a'));
    const b = processor(handlerOf('b'));
    a.kick();
    b.kick();
    await Promise.all([a.drain(), b.drain()]);

    expect(overlaps).toBe(0);
    expect(handled).toHaveLength(journaled.length);
    expect(new Set(handled.map((h) => h.update_id)).size).toBe(journaled.length);
    for (const chat of chats) {
      const order = handled.filter((h) => h.chat === chat.id).map((h) => h.update_id);
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
    expect(handled.some((h) => h.by === 'a') && handled.some((h) => h.by === 'b')).toBe(true);
    const [stats] = await sequelize.query<{ done: number; twice: number }>(
      `SELECT count(*) FILTER (WHERE status = 'done')::int AS done, count(*) FILTER (WHERE attempts > 1)::int AS twice
       FROM telegram_updates WHERE org_id = :org`,
      { replacements: { org: org.id }, type: QueryTypes.SELECT },
    );
    expect(stats).toEqual({ done: journaled.length, twice: 0 });
  });

  it('a failed update does not hold its chat up; the sweep retries it once it is due', async () => {
    const { journal, processor } = await journalOf('Failed');
    const person = telegramUser();
    const [first, second] = [updates.text(person, 'boom'), updates.text(person, 'после')];
    await journal(first);
    await journal(second);
    const handled: string[] = [];
    let failures = 1;
    const p = processor(async (update) => {
      const text = (update as unknown as { message: { text: string } }).message.text;
      if (text === 'boom' && failures-- > 0) throw new Error('handler exploded');
      handled.push(text);
    });
    p.kick();
    await p.drain();
    expect(handled).toEqual(['после']);
    expect(await TelegramUpdate.findOne({ where: { update_id: first.update_id } })).toMatchObject({ status: 'failed', attempts: 1 });
    // Not due yet: a failed update waits for the sweep's age.
    expect(await p.sweep({ olderThanMs: 60_000 })).toBe(0);
    expect(await p.sweep({ olderThanMs: 0 })).toBe(1);
    await p.drain();
    expect(handled).toEqual(['после', 'boom']);
  });

  it('a chat waits while another replica holds its earlier update, and goes on when that lease runs out', async () => {
    const { journal, processor } = await journalOf('Held');
    const person = telegramUser();
    const [held, next] = [updates.text(person, 'первое'), updates.text(person, 'второе')];
    const heldRow = await journal(held);
    await journal(next);
    // Another replica took the first update and has not finished it.
    await sequelize.query(`UPDATE telegram_updates SET status = 'processing', attempts = 1, lease_until = now() + interval '1 second' WHERE id = :id`, {
      replacements: { id: heldRow.id },
    });
    const handled: string[] = [];
    const p = processor(async (update) => void handled.push((update as unknown as { message: { text: string } }).message.text));
    p.kick();
    await pause(300);
    expect(handled).toEqual([]);
    await pause(1_000);
    await p.drain();
    // The holder is gone: the chat goes on, and the abandoned update is the sweep's to retry.
    expect(handled).toEqual(['второе']);
    expect(await p.sweep({ olderThanMs: 0 })).toBe(1);
    await p.drain();
    expect(handled).toEqual(['второе', 'первое']);
  });

  it('an update without a chat is taken at once', async () => {
    const { journal, processor } = await journalOf('No chat');
    await journal({ update_id: updates.text(telegramUser(), 'x').update_id, poll: { id: 'p1' } } as never);
    let seen = 0;
    const p = processor(async () => void (seen += 1));
    p.kick();
    await p.drain();
    expect(seen).toBe(1);
  });
});
