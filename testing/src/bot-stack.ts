import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createLogger } from '@crm/core';
import { buildBotApp } from '@crm/bot';
import type { DeliveryResult } from '@crm/telegram-sim';
import { UpdateFactory, telegramUser } from './telegram-updates.js';
import { startChatHarness } from './chat-harness.js';
import { waitFor } from './wait-for.js';
export { waitFor };

/**
 * The api, the jobs worker and the bot process, for real, in one process: the chat harness
 * (PostgreSQL, event stream, local media, jobs delivering to the fake Bot API) plus the bot
 * receiving updates from the fake by webhook. Companies sign up through the API and connect a bot
 * the way an admin does (a token in Settings).
 */
export async function startBotStack(options: { name?: string; mediaPublicUrl?: string; publicUrl?: string } = {}) {
  const harness = await startChatHarness({
    name: options.name ?? 'bot-stack',
    ...(options.mediaPublicUrl !== undefined ? { mediaPublicUrl: options.mediaPublicUrl } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });
  await harness.worker.start();
  const base = await harness.api.listen();

  const botServer: Server = createServer();
  await new Promise<void>((resolve) => botServer.listen(0, '127.0.0.1', resolve));
  const botUrl = `http://127.0.0.1:${(botServer.address() as AddressInfo).port}`;
  const { app: botApp, manager } = buildBotApp({
    config: {
      TELEGRAM_API_ROOT: harness.fake.apiRoot,
      TELEGRAM_MODE: 'webhook',
      PUBLIC_URL: botUrl,
      PORT: 0,
      BOT_RECONCILE_MS: 200,
      BOT_RETRY_SWEEP_MS: 60_000,
    },
    sequelize: harness.sequelize,
    logger: createLogger(`${options.name ?? 'bot-stack'}-bot`, 'silent'),
    queue: harness.worker.deps.queue,
    botOptions: { maxRetries: 0 },
  });
  botServer.on('request', botApp);
  await manager.start();
  const updates = new UpdateFactory(harness.fake);

  const api = async (token: string, method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}/api${url}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  return {
    base,
    harness,
    api,
    updates,
    waitFor,
    manager,
    /** Signs up a company through the API and connects a bot the fake Bot API knows. */
    async company() {
      const registered = await harness.api.register();
      const token = `${100_000_000 + Math.floor(Math.random() * 899_999_999)}:AA${randomBytes(16).toString('hex')}`;
      await api(registered.token, 'PUT', `/organizations/${registered.org.id}`, { bot_token: token });
      await manager.reconcile();
      if (!manager.forOrg(registered.org.id)) throw new Error('the bot did not start');
      return { ...registered, password: 'correct horse battery', botToken: token };
    },
    /** A person writes to the company's bot: Telegram posts the update to the bot's webhook. */
    async personWrites(botToken: string, person: ReturnType<typeof telegramUser>, text: string): Promise<DeliveryResult> {
      const result = await harness.fake.bot(botToken).deliver(updates.text(person, text));
      await manager.idle();
      return result;
    },
    /** Any update from Telegram (photo, voice, album...) delivered to the bot's webhook. */
    async deliver(botToken: string, update: object): Promise<DeliveryResult> {
      const result = await harness.fake.bot(botToken).deliver(update);
      await manager.idle();
      return result;
    },
    telegramUser,
    async close() {
      await manager.stop();
      botServer.closeAllConnections();
      await new Promise<void>((resolve) => botServer.close(() => resolve()));
      await harness.close();
    },
  };
}

export type BotStack = Awaited<ReturnType<typeof startBotStack>>;
