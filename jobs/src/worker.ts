import type pg from 'pg';
import type { Sequelize } from '@crm/database';
import {
  createAgenda,
  createJobQueue,
  DEFAULT_DELIVERY_SETTINGS,
  DEFAULT_TELEGRAM_LIMITS,
  postgresJobStore,
  postgresSendGate,
  TelegramClients,
  TelegramRateLimiter,
  type JobStore,
  type Logger,
  type Storage,
} from '@crm/core';
import type { JobsConfig } from './config.js';
import { sleep, type DeliverySettings, type DomainEvent, type JobDeps } from './deps.js';
import { jobGroups } from './jobs/index.js';

export interface WorkerOptions {
  config: Readonly<JobsConfig>;
  sequelize: Sequelize;
  /** Where the jobs live (`openJobStore`); the caller owns and closes it. */
  store?: JobStore;
  /** Instead of `store`: a PostgreSQL pool (with an `error` listener), with `tableName`. */
  pool?: pg.Pool;
  logger: Logger;
  storage?: Storage;
  publish?: (event: DomainEvent) => Promise<void>;
  delivery?: Partial<DeliverySettings>;
  /** Jobs table with `pool`; default `agenda_jobs`. */
  tableName?: string;
  /** Identifies this worker in the jobs table. */
  name?: string;
  processEvery?: string | number;
}

export interface Worker {
  deps: JobDeps;
  start(): Promise<void>;
  /** Stops taking jobs, unlocks the ones not started, lets running ones finish (up to `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

/** Builds the Agenda of the jobs process and defines every job group on it; `start()` begins processing. */
export async function createWorker(options: WorkerOptions): Promise<Worker> {
  const { config, logger } = options;
  if (!options.store && !options.pool) throw new Error('createWorker needs a job store or a pool');
  const store = options.store ?? postgresJobStore(options.pool!, options.tableName);
  const agenda = await createAgenda({
    store,
    logger,
    name: options.name,
    processEvery: options.processEvery,
  });
  // A request never outlives the sender's lease on its message: it ends 5 s before the lease does, or
  // halfway through a short lease, so the answer is recorded while the claim still holds.
  const leaseMs = options.delivery?.leaseMs ?? config.DELIVERY_LEASE_MS;
  const requestTimeoutMs = Math.max(1_000, leaseMs - Math.min(5_000, leaseMs / 2));
  const deps: JobDeps = {
    config,
    sequelize: options.sequelize,
    agenda,
    queue: createJobQueue(agenda, store),
    logger,
    telegram: new TelegramClients({ apiRoot: config.TELEGRAM_API_ROOT, sandboxUrl: config.TELEGRAM_SANDBOX_URL, timeoutMs: requestTimeoutMs }),
    // Shared through PostgreSQL: a bot's limits hold across every jobs process. Deliveries report each
    // answer, so a bot's sends are also held to the answers of the last second.
    limiter: new TelegramRateLimiter(
      { ...DEFAULT_TELEGRAM_LIMITS, perBotPerSec: config.TELEGRAM_RATE_PER_SEC },
      undefined,
      postgresSendGate(options.sequelize),
      { answerTimeoutMs: requestTimeoutMs },
    ),
    storage: options.storage,
    publish: options.publish ?? (async () => {}),
    delivery: {
      ...DEFAULT_DELIVERY_SETTINGS,
      maxAttempts: config.TELEGRAM_SEND_MAX_ATTEMPTS,
      retryWindowMs: config.DELIVERY_RETRY_WINDOW_MS,
      leaseMs: config.DELIVERY_LEASE_MS,
      sweepEveryMs: config.DELIVERY_SWEEP_MS,
      mediaRetryWindowMs: config.MEDIA_RETRY_WINDOW_MS,
      // A delivery job lasts at most the rate-limit wait plus one request (shorter than the lease).
      lockLifetimeMs: 30_000,
      ...options.delivery,
    },
  };
  for (const group of jobGroups) group.define(agenda, deps);

  // Each failure is logged by defineJob; this is the last word on a job that kept failing.
  agenda.on('retry exhausted', (error: Error, job: { attrs: { name: string; _id?: unknown; failCount?: number } }) => {
    logger.error({ err: error, job: job.attrs.name, job_id: String(job.attrs._id), attempts: job.attrs.failCount }, 'job failed for good: retries exhausted');
  });
  // Jobs of this process that are running right now (events from other processes come with remote = true).
  let running = 0;
  agenda.on('start', (_job: unknown, remote?: boolean) => void (remote || running++));
  agenda.on('complete', (_job: unknown, remote?: boolean) => void (remote || running--));

  return {
    deps,
    async start() {
      await agenda.start();
      logger.info({ groups: jobGroups.map((g) => g.name) }, 'jobs worker started');
    },
    async stop(timeoutMs = 25_000) {
      // stop() takes no new jobs and unlocks the ones locked but not started, so another worker
      // picks them up at once; running jobs keep their locks and are waited for here.
      // (agenda.drain() would do the waiting, but it misses the last job when removeOnComplete is on.)
      await agenda.stop(false);
      const deadline = Date.now() + timeoutMs;
      while (running > 0 && Date.now() < deadline) await sleep(50);
      if (running > 0) {
        logger.warn({ running }, 'jobs still running at shutdown: they are retried when their lock expires');
      }
    },
  };
}
