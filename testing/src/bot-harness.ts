import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Organization, type Sequelize } from '@crm/database';
import { connectTestDatabase } from './database.js';
import { createLogger, openJobQueue, type JobQueue } from '@crm/core';
import { buildBotApp, type BotFeature, type BotManager } from '@crm/bot';
import { FakeTelegram } from './fake-telegram.js';

// The fake Bot APIs of this test file: they know only the tokens it makes (other files' bots share the database).
const fakes = new Set<FakeTelegram>();

/** A bot token the fake Bot APIs of this test file know. */
export const newToken = () => {
  const token = `${100_000_000 + Math.floor(Math.random() * 899_999_999)}:AA${randomBytes(16).toString('hex')}`;
  for (const fake of fakes) fake.bot(token);
  return token;
};

export interface Harness {
  sequelize: Sequelize;
  fake: FakeTelegram;
  manager: BotManager;
  url: string;
  queue: JobQueue;
  /** Creates an organization with a bot token and waits until its bot runs. */
  org(name?: string): Promise<{ org: Organization; token: string }>;
  /** Delivers an update to the org's webhook like Telegram, then waits for processing. */
  deliver(token: string, update: object): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** The bot process as in production (HTTP on port 0, real PostgreSQL, real jobs queue) against the fake Bot API. */
export async function startHarness(options: { mode?: 'webhook' | 'polling'; features?: BotFeature[] } = {}): Promise<Harness> {
  const sequelize = await connectTestDatabase();
  const fake = await FakeTelegram.start({ maxPollMs: 500, knownTokensOnly: true });
  fakes.add(fake);
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const jobs = await openJobQueue({ url: process.env.CRM_TEST_DATABASE_URL!, poolMax: 2 });
  const { app, manager } = buildBotApp({
    config: {
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_MODE: options.mode ?? 'webhook',
      PUBLIC_URL: url,
      PORT: 0,
      BOT_RECONCILE_MS: 200,
      BOT_RETRY_SWEEP_MS: 60_000,
    },
    sequelize,
    logger: createLogger('bot-test', 'silent'),
    queue: jobs.queue,
    ...(options.features ? { features: options.features } : {}),
    botOptions: { maxRetries: 0 },
  });
  server.on('request', app);
  await manager.start();
  return {
    sequelize,
    fake,
    manager,
    url,
    queue: jobs.queue,
    async org(name = 'Remont') {
      const token = newToken();
      const org = await Organization.create({ name, bot_token: token });
      await manager.reconcile();
      if (!manager.forOrg(org.id)) throw new Error('bot did not start');
      return { org, token };
    },
    async deliver(token, update) {
      const result = await fake.bot(token).deliver(update);
      await manager.idle();
      return result;
    },
    async close() {
      await manager.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fakes.delete(fake);
      await fake.close();
      await jobs.close();
      await sequelize.close();
    },
  };
}
