import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Organization, type Sequelize } from '@crm/database';
import { connectTestDatabase } from './database.js';
import { createJobsPool, createLocalStorage, createLogger, type Storage } from '@crm/core';
import { FakeTelegram } from './fake-telegram.js';
import { createWorker, loadJobsConfig, type DeliverySettings, type Worker } from '@crm/jobs';
export { waitFor } from './wait-for.js';

/**
 * A jobs process for a test file: real PostgreSQL, its own Agenda table (so parallel test files do
 * not take each other's jobs), local storage in a temp dir and the fake Bot API.
 */
export async function startHarness(env: Record<string, string> = {}, delivery: Partial<DeliverySettings> = {}) {
  const sequelize: Sequelize = await connectTestDatabase();
  const fake = await FakeTelegram.start();
  const pool = createJobsPool(process.env.CRM_TEST_DATABASE_URL!, { max: 5 });
  const mediaDir = await mkdtemp(path.join(tmpdir(), 'crm-jobs-'));
  const storage: Storage = createLocalStorage({ root: mediaDir, publicUrl: 'http://127.0.0.1:1', defaultTtl: 300 });
  const tableName = `agenda_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const config = loadJobsConfig({
    TELEGRAM_API_ROOT: fake.apiRoot,
    LOG_LEVEL: 'silent',
    TELEGRAM_SEND_MAX_ATTEMPTS: '4',
    DELIVERY_RETRY_WINDOW_MS: '2000',
    ...env,
  });
  const logger = createLogger('jobs-test', process.env.TEST_LOG_LEVEL ?? 'silent');
  const workers: Worker[] = [];
  const newWorker = async (name = 'w1') => {
    const worker = await createWorker({
      config,
      sequelize,
      pool,
      logger,
      storage,
      tableName,
      name,
      processEvery: 300,
      // Short locks: Agenda keeps a timer of half the lock lifetime per job it ran, which would hold
      // the test process open for a minute with the production value.
      delivery: { backoffBaseMs: 100, leaseMs: 6_000, sweepEveryMs: 1_000, lockLifetimeMs: 6_000, ...delivery },
    });
    workers.push(worker);
    return worker;
  };

  let botSeq = Math.floor(Math.random() * 1e6);
  return {
    sequelize,
    fake,
    pool,
    storage,
    config,
    newWorker,
    tableName,
    /** An organization with a bot token the fake accepts. */
    async createOrg(name = 'Org') {
      const botId = 7_000_000_000 + ++botSeq * 10 + (process.pid % 10);
      return Organization.create({ name, bot_token: `${botId}:TEST-token-${botSeq}`, bot_id: botId });
    },
    async close() {
      for (const worker of workers) await worker.stop(5_000).catch(() => {});
      await pool.query(`DROP TABLE IF EXISTS "${tableName}"`).catch(() => {});
      await pool.end();
      await fake.close();
      await sequelize.close();
      await rm(mediaDir, { recursive: true, force: true });
    },
  };
}
