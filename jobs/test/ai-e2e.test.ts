import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { ChatMessage, Lead, Notification, Organization, User } from '@crm/database';
import { createLogger, PHRASES, QUESTIONS } from '@crm/core';
import { buildBotApp } from '@crm/bot';
import { telegramUser, UpdateFactory } from '@crm/testing/telegram-updates';
import { startHarness, waitFor } from '@crm/testing/jobs-harness';

// The whole path on a fresh machine (no OpenRouter key): a lead writes to the bot (fake Bot API,
// real webhook), the bot stores the message and requests a turn, the worker answers with the rules,
// the reply is delivered through the outbound queue, and the lead ends up qualified and handed over.

let h: Awaited<ReturnType<typeof startHarness>>;
let server: Server;
let stopBot: () => Promise<void>;
let deliver: (token: string, update: object) => Promise<void>;

beforeAll(async () => {
  h = await startHarness({ AI_DEBOUNCE_MS: '200' });
  const worker = await h.newWorker('ai-e2e');
  await worker.start();
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { app, manager } = buildBotApp({
    config: { TELEGRAM_API_ROOT: h.fake.apiRoot, TELEGRAM_MODE: 'webhook', PUBLIC_URL: url, PORT: 0, BOT_RECONCILE_MS: 200, BOT_RETRY_SWEEP_MS: 60_000 },
    sequelize: h.sequelize,
    logger: createLogger('bot-ai-e2e', 'silent'),
    queue: worker.deps.queue,
    botOptions: { maxRetries: 0 },
  });
  server.on('request', app);
  await manager.start();
  stopBot = async () => {
    await manager.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  deliver = async (token, update) => {
    const result = await h.fake.bot(token).deliver(update);
    expect(result.status).toBe(200);
    await manager.idle();
  };
  (globalThis as { __botManager?: typeof manager }).__botManager = manager;
}, 30_000);

afterAll(async () => {
  await stopBot?.();
  await h?.close();
});

describe('AI qualification end to end with the rules', () => {
  it('qualifies a lead through the bot and hands them to the manager', async () => {
    const org = await Organization.create({
      name: 'Ремонт под ключ',
      bot_token: `${100_000_000 + Math.floor(Math.random() * 899_999_999)}:AA${randomBytes(16).toString('hex')}`,
    });
    const manager = await User.create({
      org_id: org.id,
      role: 'manager',
      name: 'Ivan',
      email: `ivan-e2e-${process.pid}@test.ru`,
      telegram_id: 6_100_000 + (process.pid % 1000),
    });
    const bots = (globalThis as { __botManager?: { reconcile(): Promise<void>; forOrg(id: number): unknown } }).__botManager!;
    await bots.reconcile();
    expect(bots.forOrg(org.id)).toBeTruthy();
    const token = org.bot_token!;
    const updates = new UpdateFactory(h.fake);
    const anna = telegramUser({ first_name: 'Анна', language_code: 'ru' });

    // A burst of two messages is one turn with one reply.
    await deliver(token, updates.text(anna, 'Здравствуйте!'));
    await deliver(token, updates.text(anna, 'Нужен ремонт санузла, примерно 6 м2, бюджет 400 тысяч'));
    const first = await waitFor(async () => h.fake.sent(anna.id, token).at(0), 20_000, 'the first reply');
    expect(first.params.text).toBe(`${PHRASES.ru.hello} ${QUESTIONS.ru.timing}`);
    const lead = await Lead.findOne({ where: { org_id: org.id, telegram_id: anna.id } });
    expect(lead).toMatchObject({ work_type: 'bathroom', area_m2: '6.00', budget_amount: '400000.00', budget_currency: 'RUB', status: 'new', ai_enabled: true });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(h.fake.sent(anna.id, token)).toHaveLength(1);

    await deliver(token, updates.text(anna, 'В марте, район Марьино, телефон 8 916 123-45-67'));
    const second = await waitFor(async () => h.fake.sent(anna.id, token).at(1), 20_000, 'the second reply');
    expect(second.params.text).toBe(PHRASES.ru.closing);
    await lead!.reload();
    expect(lead).toMatchObject({
      status: 'qualified',
      phone: '+79161234567',
      timing: 'В марте',
      address: 'район Марьино',
      needs_manager: true,
      ai_enabled: false,
    });
    expect(lead!.ai_summary).toContain('ремонт санузла');

    // The manager is alerted in the back office and in Telegram.
    expect(await Notification.count({ where: { org_id: org.id, user_id: manager.id, type: 'lead.handoff' } })).toBe(1);
    const alert = await waitFor(async () => h.fake.sent(manager.telegram_id!, token).at(0), 20_000, 'the manager alert');
    expect(String(alert.params.text)).toContain('Горячий лид: Анна');

    // The AI is out of the conversation now.
    await deliver(token, updates.text(anna, 'Спасибо, жду звонка'));
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(h.fake.sent(anna.id, token)).toHaveLength(2);
    const stored = await ChatMessage.findAll({ where: { org_id: org.id, lead_id: lead!.id }, order: [['id', 'ASC']] });
    expect(stored.map((m) => [m.direction, m.status])).toEqual([
      ['inbound', 'received'],
      ['inbound', 'received'],
      ['outbound', 'sent'],
      ['inbound', 'received'],
      ['outbound', 'sent'],
      ['inbound', 'received'],
    ]);
  }, 60_000);
});
