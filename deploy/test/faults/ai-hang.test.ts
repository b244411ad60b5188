// The AI provider hangs (accepts the request and never answers): a new lead writing to the bot still
// gets an answer, from the rules, within 40 s. The built api, bot and jobs processes run with the
// production AI timings (AI_DEADLINE_MS, AI_TIMEOUT_MS and AI_DEBOUNCE_MS left at their defaults).
import { randomBytes } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { QueryTypes, type Sequelize } from '@crm/database';
import { aiEnv } from '@crm/core';
import { startFakeOpenAi, type FakeOpenAi } from '@crm/testing/fake-openai';
import { deliverUpdate, FakeTelegram } from '@crm/testing/fake-telegram';
import { buildWorkspace, waitFor } from '@crm/testing/process-harness';
import { removeDir, tempDir } from '@crm/testing/nginx-harness';
import { checkConnection, startProduct, startRestartablePostgres, type ProductProcesses, type RestartablePostgres } from './fault-harness.js';

const ANSWER_WITHIN_MS = 40_000;

let pgServer: RestartablePostgres;
let fake: FakeTelegram;
let ai: FakeOpenAi;
let dataDir: string;
let product: ProductProcesses | undefined;
let db: Sequelize;

beforeAll(async () => {
  for (const ws of ['api', 'bot', 'jobs'] as const) buildWorkspace(ws);
  pgServer = await startRestartablePostgres('ai-hang');
  db = checkConnection(pgServer.url);
  fake = await FakeTelegram.start();
  ai = await startFakeOpenAi();
  // Every request is held open for ten minutes: the provider is up but never answers.
  ai.setDefault({ json: {}, delayMs: 600_000 });
  dataDir = await tempDir('fault-ai-hang');
}, 300_000);

afterAll(async () => {
  product?.kill();
  await db?.close();
  await ai?.close();
  await fake?.close();
  await pgServer?.close();
  await removeDir(dataDir);
});

describe('a hanging AI provider', () => {
  it('keeps the default time budget under 40 s', () => {
    const defaults = aiEnv.parse({});
    expect(defaults.AI_DEBOUNCE_MS + defaults.AI_DEADLINE_MS).toBeLessThan(ANSWER_WITHIN_MS);
  });

  it('still answers a new lead, with the rules, within 40 s', async () => {
    const botId = 7_400_000_000 + Math.floor(Math.random() * 1e8);
    const token = `${botId}:AAHaiHang${randomBytes(16).toString('hex')}`;
    await db.query(`INSERT INTO organizations (name, bot_token, bot_id, created_at, updated_at) VALUES ('Hang Renovation', :token, :botId, now(), now())`, {
      replacements: { token, botId },
    });
    product = await startProduct(pgServer.url, dataDir, {
      TELEGRAM_API_ROOT: fake.apiRoot,
      BOT_RECONCILE_MS: '500',
      OPENROUTER_API_KEY: 'sk-or-test-hanging',
      OPENROUTER_BASE_URL: ai.baseUrl,
    });
    const fakeBot = fake.bot(token);
    await waitFor('webhook set', async () => fakeBot.webhook, 60_000, product.procs.bot);
    const { url, secret_token: secret } = fakeBot.webhook!;
    const chatId = 8_400_000 + Math.floor(Math.random() * 1e5);

    const started = Date.now();
    const update = {
      update_id: 1,
      message: {
        message_id: 1,
        date: Math.floor(started / 1000),
        text: 'Здравствуйте, нужен ремонт ванной 6 м², бюджет 400 тыс.',
        chat: { id: chatId, type: 'private', first_name: 'Lead' },
        from: { id: chatId, is_bot: false, first_name: 'Lead' },
      },
    };
    expect((await deliverUpdate(url, update, secret!)).status).toBe(200);

    // The answer that follows the rules' turn (not any instant acknowledgement) reaching Telegram.
    const answered = await waitFor(
      'the fallback answer sent',
      async () => {
        const [row] = await db.query<{ id: number; error: string | null }>(
          `SELECT r.id, r.error FROM ai_runs r JOIN organizations o ON o.id = r.org_id
          JOIN chat_messages m ON m.org_id = r.org_id AND m.lead_id = r.lead_id AND m.direction = 'outbound' AND m.created_at >= r.created_at AND m.sent_at IS NOT NULL
         WHERE o.bot_id = :botId AND r.engine = 'fallback' LIMIT 1`,
          { replacements: { botId }, type: QueryTypes.SELECT },
        );
        return row && fake.sent(chatId, token).length > 0 ? { ...row, ms: Date.now() - started } : undefined;
      },
      90_000,
      product.procs.jobs,
    );

    const defaults = aiEnv.parse({});
    console.log(
      `hanging AI provider: the lead's answer reached Telegram ${answered.ms} ms after the message ` +
        `(AI_DEBOUNCE_MS ${defaults.AI_DEBOUNCE_MS}, AI_DEADLINE_MS ${defaults.AI_DEADLINE_MS}); model requests ${ai.requests.length}; reason "${answered.error}"`,
    );
    expect(ai.requests.length).toBeGreaterThan(0);
    expect(answered.error).toMatch(/deadline/);
    expect(answered.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(product.exits()).toEqual([]);
  }, 300_000);
});
