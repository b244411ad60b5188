import type pg from 'pg';
import type { Sequelize } from '@crm/database';
import {
  createAgenda,
  createJobQueue,
  DEFAULT_TELEGRAM_LIMITS,
  TelegramClients,
  TelegramRateLimiter,
  type Logger,
  type Storage,
} from '@crm/core';
import type { JobsConfig } from './config.js';
import type { DeliverySettings, DomainEvent, JobDeps } from './deps.js';
import { jobGroups } from './jobs/index.js';

export interface WorkerOptions {
  config: Readonly<JobsConfig>;
  sequelize: Sequelize;
  /** The pool Agenda uses (with an `error` listener); the caller owns and closes it. */
  pool: pg.Pool;
  logger: Logger;
  storage?: Storage;
  publish?: (event: DomainEvent) => Promise<void>;
  delivery?: Partial<DeliverySettings>;
  /** Jobs table; default `agenda_jobs`. */
  tableName?: string;
  /** Identifies this worker in the jobs table. */
  name?: string;
  processEvery?: string | number;
}

export interface Worker {
  deps: JobDeps;
  start(): Promise<void>;
  /** Stops taking jobs, lets running ones finish (up to `timeoutMs`), unlocks the rest. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Builds the Agenda of the jobs process and defines every job group on it; `start()` begins processing. */
export async function createWorker(options: WorkerOptions): Promise<Worker> {
  const { config, logger } = options;
  const agenda = await createAgenda({
    pool: options.pool,
    logger,
    tableName: options.tableName,
    name: options.name,
    processEvery: options.processEvery,
  });
  const deps: JobDeps = {
    config,
    sequelize: options.sequelize,
    agenda,
    queue: createJobQueue(agenda, options.pool, options.tableName),
    logger,
    telegram: new TelegramClients({ apiRoot: config.TELEGRAM_API_ROOT }),
    limiter: new TelegramRateLimiter({ ...DEFAULT_TELEGRAM_LIMITS, perBotPerSec: config.TELEGRAM_RATE_PER_SEC }),
    storage: options.storage,
    publish: options.publish ?? (async () => {}),
    delivery: {
      maxAttempts: config.TELEGRAM_SEND_MAX_ATTEMPTS,
      backoffBaseMs: 2_000,
      maxRateWaitMs: 5_000,
      sendingStaleMs: 60_000,
      ...options.delivery,
    },
  };
  for (const group of jobGroups) group.define(agenda, deps);

  agenda.on('fail', (error: Error, job: { attrs: { name: string; _id?: unknown } }) => {
    logger.error({ err: error, job: job.attrs.name, job_id: String(job.attrs._id) }, 'job failed');
  });

  return {
    deps,
    async start() {
      await agenda.start();
      logger.info({ groups: jobGroups.map((g) => g.name) }, 'jobs worker started');
    },
    async stop(timeoutMs = 25_000) {
      const result = await agenda.drain({ timeout: timeoutMs, closeConnection: false });
      if (result.running > 0) {
        logger.warn({ running: result.running }, 'jobs still running at shutdown: they will be retried when their lock expires');
      }
    },
  };
}
