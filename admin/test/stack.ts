import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectTestDatabase } from '@crm/database';
import { createEventHub, createJobsPool, createLocalStorage, createLogger, publishEvent, type CrmEvent } from '@crm/core';
import { createTestApi, TEST_JWT_SECRET } from '../../api/test/helpers.js';
import { buildBotApp } from '../../bot/src/app.js';
import { FakeTelegram } from '../../bot/src/testing/fake-telegram.js';
import { loadJobsConfig } from '../../jobs/src/config.js';
import { createWorker } from '../../jobs/src/worker.js';
import { UpdateFactory, telegramUser } from '../../bot/src/testing/telegram-updates.js';
import { ensureAdminBuilt } from './browser.js';
export { waitFor } from '../../core/src/testing/wait-for.js';
import { waitFor } from '../../core/src/testing/wait-for.js';

/**
 * The whole back office for real, in one process: the built admin served by the api (PostgreSQL,
 * event stream, local media), the jobs worker delivering to the fake Bot API, and the bot process
 * receiving updates from it by webhook.
 */
export async function startStack() {
  ensureAdminBuilt();
  const url = process.env.CRM_TEST_DATABASE_URL!;
  const sequelize = await connectTestDatabase();
  const logger = createLogger('admin-browser', 'silent');
  const mediaDir = await mkdtemp(path.join(tmpdir(), 'crm-admin-'));
  // Relative signed URLs (/api/media/...), so the browser loads media from the api under test.
  const storage = createLocalStorage({ root: mediaDir, publicUrl: '', secret: TEST_JWT_SECRET, defaultTtl: 300 });
  const fake = await FakeTelegram.start();
  const pool = createJobsPool(url, { max: 4 });
  const tableName = `agenda_admin_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const worker = await createWorker({
    config: loadJobsConfig({ TELEGRAM_API_ROOT: fake.apiRoot, LOG_LEVEL: 'silent' }),
    sequelize, pool, logger, storage, tableName, name: 'admin-browser', processEvery: 200,
    publish: (event) => publishEvent(sequelize, event as CrmEvent),
    delivery: { backoffBaseMs: 100, sendingStaleMs: 10_000 },
  });
  await worker.start();
  const hub = createEventHub(url, logger, { reconnectDelayMs: 100 });
  await hub.ready();
  const testApi = await createTestApi({ sequelize, storage, queue: worker.deps.queue, events: hub, env: { TELEGRAM_API_ROOT: fake.apiRoot } });
  const base = await testApi.listen();
  const harness = { api: testApi, sequelize, fake, worker };

  const botServer: Server = createServer();
  await new Promise<void>((resolve) => botServer.listen(0, '127.0.0.1', resolve));
  const botUrl = `http://127.0.0.1:${(botServer.address() as AddressInfo).port}`;
  const { app: botApp, manager } = buildBotApp({
    config: { TELEGRAM_API_ROOT: harness.fake.apiRoot, TELEGRAM_MODE: 'webhook', PUBLIC_URL: botUrl, PORT: 0, BOT_RECONCILE_MS: 200, BOT_RETRY_SWEEP_MS: 60_000 },
    sequelize: harness.sequelize,
    logger: createLogger('admin-browser-bot', 'silent'),
    queue: harness.worker.deps.queue,
    botOptions: { maxRetries: 0 },
  });
  botServer.on('request', botApp);
  await manager.start();
  const updates = new UpdateFactory(harness.fake);

  const api = async (token: string, method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}/api${url}`, {
      method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  return {
    base, harness, api, updates, waitFor,
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
    async personWrites(botToken: string, person: ReturnType<typeof telegramUser>, text: string) {
      const result = await harness.fake.bot(botToken).deliver(updates.text(person, text));
      await manager.idle();
      return result;
    },
    /** Any update from Telegram (photo, voice, album...) delivered to the bot's webhook. */
    async deliver(botToken: string, update: object) {
      const result = await harness.fake.bot(botToken).deliver(update);
      await manager.idle();
      return result;
    },
    telegramUser,
    async close() {
      await manager.stop();
      botServer.closeAllConnections();
      await new Promise<void>((resolve) => botServer.close(() => resolve()));
      await worker.stop(5_000).catch(() => {});
      await testApi.close();
      await hub.close();
      await pool.query(`DROP TABLE IF EXISTS "${tableName}"`).catch(() => {});
      await pool.end();
      await fake.close();
      await sequelize.close();
      await rm(mediaDir, { recursive: true, force: true });
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

