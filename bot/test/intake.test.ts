import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import { createLogger, recognisePerson, storeInbound, type InboundMessage } from '@crm/core';
import { ChatMessage, Lead, Op, Organization, TelegramUpdate } from '@crm/database';
import { startHarness, newToken, type Harness } from '@crm/testing/bot-harness';
import { telegramUser, UpdateFactory } from '@crm/testing/telegram-updates';
import { deliverUpdate } from '@crm/testing/fake-telegram';
import { features } from '../src/features/index.js';
import type { BotFeature } from '../src/context.js';

let h: Harness;
const updates = new UpdateFactory();
// A feature that fails on a magic word, standing in for any handler bug or outage.
let failuresLeft = 0;
const flaky: BotFeature = {
  name: 'flaky',
  register(bot) {
    bot.on('message', async (ctx, next) => {
      if (ctx.message?.text === 'boom' && failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('handler exploded');
      }
      await next();
    });
  },
};

beforeAll(async () => {
  h = await startHarness({ features: [flaky, ...features] });
});

afterAll(async () => {
  await h?.close();
});

describe('webhook intake', () => {
  it('registers the webhook with a per-organization secret, never the token in the URL', async () => {
    const { org, token } = await h.org();
    await org.reload();
    expect(org.webhook_secret).toMatch(/^[0-9a-f]{64}$/);
    expect(org.bot_id).toBe(Number(token.split(':')[0]));
    expect(org.bot_username).toBe(h.fake.bot(token).username);
    const webhook = h.fake.bot(token).webhook!;
    expect(webhook).toMatchObject({ url: `${h.url}/telegram/webhook/${org.bot_id}`, secret_token: org.webhook_secret });
    expect(webhook.url).not.toContain(token.split(':')[1]);
    expect(h.fake.calls('setMyCommands', token)).toHaveLength(1);
  });

  it('answers 401 to a wrong or missing secret and 404 to an unknown bot, storing nothing', async () => {
    const { org, token } = await h.org();
    const update = updates.text(telegramUser(), 'hi');
    expect((await h.fake.bot(token).deliver(update, { secret: 'wrong-secret' })).status).toBe(401);
    expect((await h.fake.bot(token).deliver(update, { secret: null })).status).toBe(401);
    expect((await deliverUpdate(`${h.url}/telegram/webhook/999`, update, 'x')).status).toBe(404);
    expect((await deliverUpdate(`${h.url}/telegram/webhook/abc`, update, 'x')).status).toBe(404);
    expect(await TelegramUpdate.count({ where: { org_id: org.id } })).toBe(0);
  });

  it('answers 400 to a body without update_id and to malformed JSON', async () => {
    const { org, token } = await h.org();
    const url = h.fake.bot(token).webhook!.url;
    const secret = (await org.reload()).webhook_secret!;
    expect((await deliverUpdate(url, { message: {} }, secret)).status).toBe(400);
    const bad = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: '{"update_id":',
    });
    expect(bad.status).toBe(400);
  });

  it('stores and processes an update containing NUL characters, replaced, instead of refusing it forever', async () => {
    const { org, token } = await h.org();
    const person = { ...telegramUser(), first_name: 'Ни\u0000на' };
    const update = updates.text(person, 'Ремонт\u0000 кухни');
    expect(await h.deliver(token, update)).toMatchObject({ status: 200 });
    const journaled = await TelegramUpdate.findOne({ where: { org_id: org.id } });
    expect(journaled).toMatchObject({ status: 'done' });
    const message = await ChatMessage.findOne({ where: { org_id: org.id } });
    expect(message!.content).toBe('Ремонт\uFFFD кухни');
    expect((await Lead.findOne({ where: { org_id: org.id, telegram_id: person.id } }))!.name).toContain('Ни\uFFFDна');
  });

  it('processes the same update_id once', async () => {
    const { org, token } = await h.org();
    const person = telegramUser();
    const update = updates.text(person, 'Дважды');
    const [first, second] = await Promise.all([h.fake.bot(token).deliver(update), h.fake.bot(token).deliver(update)]);
    await h.manager.idle();
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await h.deliver(token, update)).toMatchObject({ status: 200 });
    expect(await TelegramUpdate.count({ where: { org_id: org.id } })).toBe(1);
    expect(await ChatMessage.count({ where: { org_id: org.id } })).toBe(1);
    expect((await Lead.findOne({ where: { org_id: org.id, telegram_id: person.id } }))!.unread_count).toBe(1);
  });

  it('a throwing handler leaves the update failed with the error, and the sweep retries it', async () => {
    const { org, token } = await h.org();
    failuresLeft = 1;
    const res = await h.deliver(token, updates.text(telegramUser(), 'boom'));
    expect(res.status).toBe(200);
    const row = await TelegramUpdate.findOne({ where: { org_id: org.id } });
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.error).toContain('handler exploded');
    expect(await ChatMessage.count({ where: { org_id: org.id } })).toBe(0);

    await TelegramUpdate.update({ created_at: new Date(Date.now() - 60_000) }, { where: { id: row!.id } });
    expect(await h.manager.sweep()).toBeGreaterThanOrEqual(1);
    await h.manager.idle();
    expect(await row!.reload()).toMatchObject({ status: 'done', attempts: 2, error: null });
    expect(await ChatMessage.count({ where: { org_id: org.id, content: 'boom' } })).toBe(1);
  });

  it('gives up after five attempts and keeps the update as failed', async () => {
    const { org, token } = await h.org();
    failuresLeft = 100;
    await h.deliver(token, updates.text(telegramUser(), 'boom'));
    const row = (await TelegramUpdate.findOne({ where: { org_id: org.id } }))!;
    for (let i = 0; i < 6; i++) {
      await TelegramUpdate.update({ created_at: new Date(Date.now() - 60_000) }, { where: { id: row.id } });
      await h.manager.sweep();
      await h.manager.idle();
    }
    failuresLeft = 0;
    expect(await row.reload()).toMatchObject({ status: 'failed', attempts: 5 });
  });
});

describe('bots follow the organizations table', () => {
  it('start when a token is added, restart on a new token, stop when it is removed', async () => {
    const org = await Organization.create({ name: 'Late bot' });
    await h.manager.reconcile();
    expect(h.manager.forOrg(org.id)).toBeUndefined();

    const first = newToken();
    await org.update({ bot_token: first });
    await h.manager.reconcile();
    expect(h.manager.forOrg(org.id)?.org.bot_id).toBe(Number(first.split(':')[0]));
    expect((await h.deliver(first, updates.text(telegramUser(), 'one'))).status).toBe(200);

    const second = newToken();
    await org.update({ bot_token: second });
    await h.manager.reconcile();
    expect(h.manager.forOrg(org.id)?.org.bot_id).toBe(Number(second.split(':')[0]));
    expect(h.fake.bot(first).webhook).toBeNull(); // the replaced bot's webhook is deleted
    expect((await deliverUpdate(`${h.url}/telegram/webhook/${first.split(':')[0]}`, updates.text(telegramUser(), 'x'), 's')).status).toBe(404);
    expect((await h.deliver(second, updates.text(telegramUser(), 'two'))).status).toBe(200);

    await org.update({ bot_token: null });
    await h.manager.reconcile();
    expect(h.manager.forOrg(org.id)).toBeUndefined();
    expect(await ChatMessage.count({ where: { org_id: org.id } })).toBe(2);
  });

  it('picks a new token up by itself on the periodic reconcile', async () => {
    const org = await Organization.create({ name: 'Periodic', bot_token: newToken() });
    for (let i = 0; i < 50 && !h.manager.forOrg(org.id); i++) await new Promise((r) => setTimeout(r, 100));
    expect(h.manager.forOrg(org.id)).toBeDefined();
  });

  it('a revoked token does not start a bot and does not stop the others', async () => {
    const token = newToken();
    h.fake.revoke(token);
    const org = await Organization.create({ name: 'Revoked', bot_token: token });
    // Other test files add organizations to the same database meanwhile: compare by organization.
    const others = await Organization.findAll({ where: { id: { [Op.ne]: org.id } }, attributes: ['id'] });
    const runningBefore = others.map((o) => o.id).filter((id) => h.manager.forOrg(id));
    await h.manager.reconcile();
    expect(h.manager.forOrg(org.id)).toBeUndefined();
    expect(runningBefore.filter((id) => !h.manager.forOrg(id))).toEqual([]);
    await org.update({ bot_token: null });
  });

  it('reports DB status and running bots on /health', async () => {
    const res = await fetch(`${h.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', db: 'up', bots: h.manager.size, mode: 'webhook' });
  });
});

// Before polling mode: its second harness closes the models' shared connection.
describe('many updates processed at once', () => {
  it('a burst from many chats is stored together, each message in its own conversation, reopened and announced once', async () => {
    const { org, token } = await h.org();
    const people = Array.from({ length: 12 }, () => telegramUser());
    for (const person of people) await h.deliver(token, updates.text(person, 'Здравствуйте'));
    const leads = await Promise.all(people.map((person) => Lead.findOne({ where: { org_id: org.id, telegram_id: person.id } })));
    await h.sequelize.query(`INSERT INTO resolved_conversations (org_id, conversation_id) VALUES (:org, :conversation)`, {
      replacements: { org: org.id, conversation: `lead-${leads[0]!.id}` },
    });
    const listener = new pg.Client({ connectionString: process.env.CRM_TEST_DATABASE_URL });
    const events: Array<{ org_id: number; type: string; data: { id: number; lead_id?: number } }> = [];
    await listener.connect();
    listener.on('notification', (n) => events.push(JSON.parse(n.payload!)));
    await listener.query('LISTEN crm_events');
    try {
      // Three messages from each person, a round from everyone at once (each acknowledged before the
      // person's next, as Telegram does): processed side by side, stored in shared statements.
      for (const n of [1, 2, 3]) {
        const round = await Promise.all(people.map((person) => h.fake.bot(token).deliver(updates.text(person, `Сообщение ${n}`))));
        expect(round.map((r) => r.status)).toEqual(people.map(() => 200));
      }
      await h.manager.idle();
      for (const lead of leads) {
        const messages = await ChatMessage.findAll({ where: { org_id: org.id, lead_id: lead!.id }, order: [['id', 'ASC']] });
        expect(messages.map((m) => m.content)).toEqual(['Здравствуйте', 'Сообщение 1', 'Сообщение 2', 'Сообщение 3']);
        expect((await lead!.reload()).unread_count).toBe(4);
      }
      const [reopened] = await h.sequelize.query('SELECT 1 FROM resolved_conversations WHERE org_id = :org', { replacements: { org: org.id } });
      expect(reopened).toHaveLength(0);
      const stored = await ChatMessage.findAll({ where: { org_id: org.id, content: { [Op.like]: 'Сообщение %' } } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const announced = events.filter((e) => e.org_id === org.id && e.type === 'message.created');
      const burstIds = new Set(stored.map((m) => Number(m.id)));
      const burstEvents = announced.filter((e) => burstIds.has(Number(e.data.id)));
      expect(burstEvents).toHaveLength(36);
      expect(new Set(burstEvents.map((e) => e.data.id)).size).toBe(36);
      for (const event of burstEvents) expect(event.data.lead_id).toBe(stored.find((m) => Number(m.id) === Number(event.data.id))!.lead_id);
    } finally {
      await listener.end();
    }
  });

  it('messages stored in the same statement: two of one lead, a retried one and a reply each get what they would alone', async () => {
    const { org, token } = await h.org();
    const person = telegramUser();
    const first = updates.text(person, 'Первое');
    await h.deliver(token, first);
    const lead = (await Lead.findOne({ where: { org_id: org.id, telegram_id: person.id } }))!;
    const deps = { sequelize: h.sequelize, queue: null, logger: createLogger('bot-test', 'silent') };
    const recognised = await recognisePerson(org.id, person.id);
    const message = (telegram_message_id: number, content: string, extra: Partial<InboundMessage> = {}): InboundMessage => ({
      org_id: org.id,
      chat: { id: person.id, type: 'private' },
      person: recognised,
      from: person,
      source: 'telegram',
      name: person.first_name,
      telegram_message_id,
      kind: 'text',
      content,
      media: [],
      ...extra,
    });
    const firstId = (first as { message: { message_id: number } }).message.message_id;
    // Called in the same turn: one statement stores them all.
    const [one, two, again] = await Promise.all([
      storeInbound(deps, message(firstId + 1000, 'Второе')),
      storeInbound(deps, message(firstId + 1001, 'Третье, ответ на первое', { reply_to_telegram_message_id: firstId })),
      storeInbound(deps, message(firstId + 1000, 'Второе')),
    ]);
    expect(one).toMatchObject({ lead_id: lead.id, created: true, follow_up: true, ai: { org_enabled: true, last_outbound_id: null } });
    expect(two).toMatchObject({ lead_id: lead.id, created: true });
    // The same message again (a retried update): not new, and its follow-ups still due, the lead not answered since.
    expect(again).toMatchObject({ id: one.id, created: false, follow_up: true, ai: { org_enabled: true, last_outbound_id: null } });
    expect((await lead.reload()).unread_count).toBe(3);
    const rows = await ChatMessage.findAll({ where: { org_id: org.id, lead_id: lead.id }, order: [['id', 'ASC']] });
    expect(rows.map((m) => m.content)).toEqual(['Первое', 'Второе', 'Третье, ответ на первое']);
    expect(Number(rows[2]!.reply_to_id)).toBe(Number(rows[0]!.id));
    expect(rows.map((m) => Number(m.id))).toEqual([Number(rows[0]!.id), one.id, two.id]);
  });
});

describe('polling mode', () => {
  it('feeds getUpdates into the same journal and confirms only stored updates', async () => {
    const p = await startHarness({ mode: 'polling' });
    try {
      const { org, token } = await p.org('Polling');
      expect(p.fake.bot(token).webhook).toBeNull();
      const person = telegramUser();
      const text = updates.text(person, 'через polling');
      p.fake.bot(token).pushUpdate(text);
      p.fake.bot(token).pushUpdate(text); // a redelivery is processed once
      let lead = null;
      for (let i = 0; i < 50 && !lead; i++) {
        await new Promise((r) => setTimeout(r, 100));
        await p.manager.idle();
        lead = await Lead.findOne({ where: { org_id: org.id, telegram_id: person.id } });
      }
      expect(lead).not.toBeNull();
      expect(await ChatMessage.count({ where: { org_id: org.id } })).toBe(1);
      expect(await TelegramUpdate.count({ where: { org_id: org.id, status: 'done' } })).toBe(1);
    } finally {
      await p.close();
    }
  });
});
