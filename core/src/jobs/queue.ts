import { Agenda, type AgendaBackend, type Job } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { MongoClient } from 'mongodb';
import { PostgresBackend, getCreateIndexesSQL, getCreateTableSQL, getUpdateTimestampTriggerSQL } from '@agendajs/postgres-backend';
import type { EventEmitter } from 'node:events';
import pg from 'pg';
import { retryTransient } from '@crm/database';
import { ConfigError } from '../config/load.js';
import { grouped } from '../grouped.js';
import type { Logger } from '../logger.js';
import { parseJobPayload, type JobInput, type JobName } from './contracts.js';

/** The jobs table on PostgreSQL, the jobs collection on MongoDB. */
export const AGENDA_TABLE = 'agenda_jobs';
// Any constant works; it only has to be the same in every process that creates the schema.
const SCHEMA_LOCK_KEY = 7_411_002;

interface EnqueueOptions {
  /** When to run; default now. */
  runAt?: Date;
  /**
   * At most one job per (name, uniqueKey) in the jobs table: while one is there (pending, running, or
   * kept after it ran, unless its definition removes completed jobs) a second enqueue with the same
   * key is a no-op (e.g. `reminder:lead:12:2026-11-24`). The key is stored as `data.unique_key`.
   */
  uniqueKey?: string;
}

/** What api and bot use to hand work to the jobs process; they never process jobs themselves. */
export interface JobQueue {
  enqueue<N extends JobName>(name: N, payload: JobInput<N>, options?: EnqueueOptions): Promise<void>;
}

/** A `pg.Pool` for Agenda with the `error` listener an idle-client failure needs (else it crashes the process). */
export function createJobsPool(url: string, { max = 10, logger }: { max?: number; logger?: Logger } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', (error) => logger?.error({ err: error }, 'jobs pool: idle client error'));
  return pool;
}

/** The queue settings of every process (`agendaEnv`). */
export interface JobBackendConfig {
  AGENDA_BACKEND: 'postgres' | 'mongo';
  MONGODB_URL?: string | undefined;
}

/**
 * Where the jobs live. api, bot and jobs all pick it with `openJobStore` from the same settings, so a
 * job enqueued by one process is seen by the workers.
 */
export type JobStore = { kind: 'postgres'; pool: pg.Pool; tableName: string } | { kind: 'mongo'; client: MongoClient; collection: string };

export interface OpenJobStoreOptions {
  /** The process's PostgreSQL (used when AGENDA_BACKEND=postgres). */
  databaseUrl: string;
  poolMax?: number;
  logger?: Logger;
  /** Jobs table or collection; default `agenda_jobs`. */
  tableName?: string;
  /** How long an unreachable MongoDB may take before connecting or a query fails. Default 10 s. */
  serverSelectionTimeoutMS?: number;
}

export const postgresJobStore = (pool: pg.Pool, tableName = AGENDA_TABLE): JobStore => ({ kind: 'postgres', pool, tableName });

/** Picks the job store from AGENDA_BACKEND. Nothing connects yet: the pool or client does on first use. */
export function openJobStore(config: JobBackendConfig, options: OpenJobStoreOptions): JobStore {
  const { poolMax, logger, tableName = AGENDA_TABLE } = options;
  if (config.AGENDA_BACKEND === 'mongo') {
    if (!config.MONGODB_URL) throw new ConfigError('MONGODB_URL: required when AGENDA_BACKEND=mongo');
    const client = new MongoClient(config.MONGODB_URL, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
      ...(poolMax ? { maxPoolSize: poolMax } : {}),
    });
    return { kind: 'mongo', client, collection: tableName };
  }
  return postgresJobStore(createJobsPool(options.databaseUrl, { max: poolMax, logger }), tableName);
}

/** Answers when the job store is reachable (health checks). */
export async function pingJobStore(store: JobStore): Promise<void> {
  if (store.kind === 'mongo') await store.client.db().command({ ping: 1 });
  else await store.pool.query('SELECT 1');
}

export async function closeJobStore(store: JobStore): Promise<void> {
  if (store.kind === 'mongo') await store.client.close();
  else await store.pool.end();
}

/** The Agenda backend over a store, not connected. Agenda never closes the pool or client: the caller does. */
export function createAgendaBackend(store: JobStore, logger?: Logger): AgendaBackend {
  if (store.kind === 'mongo') return new MongoBackend({ mongo: store.client.db(), collection: store.collection });
  const { pool, tableName } = store;
  const backend = new PostgresBackend({ pool, tableName, channelName: tableName, ensureSchema: false });
  const channel = backend.notificationChannel as unknown as ListenChannel | undefined;
  if (channel) {
    // Job state notifications (start/success/complete: three NOTIFYs per job, parsed by every worker)
    // only feed cross-process Agenda events, which nothing here listens to. New-job notifications stay.
    channel.publishState = undefined;
    keepListening(channel, logger);
  }
  return keepJobStates(backend, logger);
}

/**
 * What a worker writes about a job it ran on PostgreSQL (unlocked, its retry scheduled, removed once
 * done) survives a database restart. Agenda ignores a failed write there, which left the job locked,
 * neither retried nor taken over, until its lock lifetime ran out (minutes for an AI turn: the lead
 * waited that long for an answer). Both writes are safe to repeat: an UPDATE to the same values, a DELETE.
 */
function keepJobStates(backend: AgendaBackend, logger?: Logger): AgendaBackend {
  const { repository } = backend;
  const saveJobState = repository.saveJobState.bind(repository);
  const removeJobs = repository.removeJobs.bind(repository);
  const onRetry = (error: unknown, attempt: number) => {
    if (attempt === 1) logger?.warn({ err: error }, 'job state not written: the database is away, writing it again');
  };
  repository.saveJobState = (job, options) => retryTransient(() => saveJobState(job, options), { onRetry });
  repository.removeJobs = (options) => retryTransient(() => removeJobs(options), { onRetry });
  return backend;
}

/** The parts of Agenda's PostgreSQL LISTEN channel that `keepListening` adjusts. */
interface ListenChannel extends EventEmitter {
  publishState?: unknown;
  reconnectAttempts: number;
  reconnectTimeout?: NodeJS.Timeout;
  config: { reconnect: { enabled: boolean; maxAttempts: number; initialDelayMs: number; maxDelayMs: number } };
  clearReconnect(): void;
}

/**
 * Agenda's LISTEN connection emits 'error' when PostgreSQL restarts; with no listener that ends the
 * process. It also resets its back-off on every attempt and gives up after ten. Here: errors are logged
 * (once per outage), reconnection backs off from 250 ms to 10 s and never gives up, and workers keep
 * polling for due jobs meanwhile, so an outage only delays jobs.
 */
function keepListening(channel: ListenChannel, logger?: Logger): void {
  channel.config.reconnect = { enabled: true, maxAttempts: Number.POSITIVE_INFINITY, initialDelayMs: 250, maxDelayMs: 10_000 };
  channel.clearReconnect = function clearTimerOnly(this: ListenChannel) {
    if (this.reconnectTimeout) clearTimeout(this.reconnectTimeout);
    this.reconnectTimeout = undefined;
  };
  let outage = false;
  channel.on('stateChange', (state: string) => {
    if (state !== 'connected') return;
    channel.reconnectAttempts = 0;
    if (outage) logger?.info('job notifications: listening again');
    outage = false;
  });
  channel.on('error', (error: Error) => {
    if (outage) return;
    outage = true;
    logger?.warn({ err: error }, 'job notifications: connection lost, reconnecting (due jobs are still found by polling)');
  });
}

/**
 * Creates the Agenda tables once per database. Agenda's own `ensureSchema` runs `CREATE ... IF NOT
 * EXISTS` concurrently from every process, which can race in PostgreSQL; an advisory lock serialises it.
 */
async function ensureAgendaSchema(pool: pg.Pool, tableName = AGENDA_TABLE): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
    await client.query(getCreateTableSQL(tableName));
    for (const sql of getCreateIndexesSQL(tableName)) await client.query(sql);
    await client.query(getUpdateTimestampTriggerSQL(tableName));
    await ensureUniqueKeyIndex(client, tableName);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * `uniqueKey` enforced by the database: Agenda's own unique save looks, then inserts, so two
 * producers racing with one key could both insert. Duplicates left by that race are removed once,
 * keeping the oldest job, before the index is built.
 */
async function ensureUniqueKeyIndex(client: pg.PoolClient, tableName: string): Promise<void> {
  const index = `${tableName}_unique_key_idx`;
  const exists = await client.query('SELECT 1 FROM pg_indexes WHERE indexname = $1', [index]);
  if (exists.rowCount) return;
  await client.query(`
    DELETE FROM "${tableName}" d USING "${tableName}" k
     WHERE d.name = k.name AND d.data ? 'unique_key' AND d.data->>'unique_key' = k.data->>'unique_key'
       AND (d.created_at, d.id) > (k.created_at, k.id)`);
  await client.query(`CREATE UNIQUE INDEX IF NOT EXISTS "${index}" ON "${tableName}" (name, (data->>'unique_key')) WHERE data ? 'unique_key'`);
}

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23505';

export type CreateAgendaOptions = AgendaSettings &
  (
    | {
        pool: pg.Pool;
        /** Jobs table (also the NOTIFY channel). Default `agenda_jobs`; tests use their own to stay isolated. */
        tableName?: string;
      }
    | { store: JobStore }
  );

interface AgendaSettings {
  /** Identifies this process in `last_modified_by`. */
  name?: string;
  /** How often to look for due jobs (NOTIFY wakes workers at once for new jobs). Default 500 ms. */
  processEvery?: string | number;
  maxConcurrency?: number;
  defaultConcurrency?: number;
  /** A locked job whose worker died is taken over after this long. Default 2 minutes. */
  defaultLockLifetime?: number;
  logger?: Logger;
}

/**
 * Builds an Agenda on the job store (a PostgreSQL pool, or a MongoDB client), never closed by Agenda.
 * The returned instance is connected; call `start()` only in the jobs process.
 */
export async function createAgenda(options: CreateAgendaOptions): Promise<Agenda> {
  const { logger } = options;
  const store = 'store' in options ? options.store : postgresJobStore(options.pool, options.tableName);
  let backend: AgendaBackend;
  if (store.kind === 'postgres') {
    await ensureAgendaSchema(store.pool, store.tableName);
    backend = createAgendaBackend(store, logger);
  } else {
    // Connect here: a failure inside Agenda's own connect would leave `agenda.ready` pending for ever.
    // An unreachable server fails after serverSelectionTimeoutMS with an error naming the address.
    await store.client.connect();
    backend = createAgendaBackend(store);
    await backend.connect(); // creates the index (Agenda's connect repeats it, a no-op by then)
  }
  const agenda = new Agenda({
    backend,
    name: options.name ?? `crm-${process.pid}`,
    processEvery: options.processEvery ?? 500,
    maxConcurrency: options.maxConcurrency ?? 100,
    defaultConcurrency: options.defaultConcurrency ?? 5,
    defaultLockLifetime: options.defaultLockLifetime ?? 2 * 60_000,
  });
  agenda.on('error', (error: Error) => logger?.error({ err: error }, 'agenda error'));
  await agenda.ready;
  return agenda;
}

/** A JobQueue over an Agenda: validates the payload against the contract, then stores the job. */
export function createJobQueue(agenda: Agenda, target: pg.Pool | JobStore, tableName = AGENDA_TABLE): JobQueue {
  const store = 'kind' in target ? target : postgresJobStore(target, tableName);
  const storeKeyed = store.kind === 'postgres' ? keyedJobWriter(store.pool, store.tableName, agenda.attrs.name || undefined) : null;
  return {
    async enqueue(name, payload, { runAt, uniqueKey } = {}) {
      const data: Record<string, unknown> = { ...parseJobPayload(name, payload) };
      if (uniqueKey) data.unique_key = uniqueKey;
      const job: Job<Record<string, unknown>> = agenda.create(name, data);
      if (uniqueKey) job.unique({ 'data.unique_key': uniqueKey }, { insertOnly: true });
      job.schedule(runAt ?? new Date());
      // A producer's keyed job on PostgreSQL: one statement, shared under load (see keyedJobWriter), instead of Agenda's look-then-insert.
      if (uniqueKey && storeKeyed && !agenda.isActiveJobProcessor()) return storeKeyed(job);
      // A hand-off must survive a database restart: the caller has already stored what the job is for.
      try {
        await retryTransient(() => job.save());
      } catch (error) {
        // Another producer stored the same key a moment earlier: the job exists, which is all we wanted.
        if (uniqueKey && isUniqueViolation(error)) return;
        throw error;
      }
      // A producer's Agenda is never started, so its LISTEN/NOTIFY channel is not connected and
      // save() did not wake the workers: notify them here instead of waiting for their next poll.
      // (MongoDB has no such channel: workers find new jobs by polling every `processEvery`.)
      if (store.kind === 'postgres' && !agenda.isActiveJobProcessor()) {
        const notification = {
          jobId: String(job.attrs._id),
          jobName: name,
          nextRunAt: job.attrs.nextRunAt?.toISOString() ?? null,
          priority: job.attrs.priority,
          timestamp: new Date().toISOString(),
          source: agenda.attrs.name || undefined,
        };
        // Only a wake-up: the workers' polling finds the job anyway, so a failure here is not an error.
        await store.pool.query('SELECT pg_notify($1, $2)', [store.tableName, JSON.stringify(notification)]).catch(() => {});
      }
    },
  };
}

/**
 * Stores jobs that have a unique key, for a producer, in one statement (for every keyed job enqueued
 * while another such statement is in flight): each inserted unless a job with its name and key is
 * there (the unique index decides, so racing producers store it once), and the workers woken with the
 * commit only for those inserted. The rows are the ones Agenda's own save writes.
 */
function keyedJobWriter(pool: pg.Pool, tableName: string, source: string | undefined) {
  return grouped<Job<Record<string, unknown>>, void>(async (jobs) => {
    const rows = jobs.map(({ attrs }, i) => ({
      i,
      name: attrs.name,
      priority: attrs.priority,
      next_run_at: attrs.nextRunAt?.toISOString() ?? null,
      type: attrs.type ?? 'normal',
      data: attrs.data,
      wake: {
        jobId: '',
        jobName: attrs.name,
        nextRunAt: attrs.nextRunAt?.toISOString() ?? null,
        priority: attrs.priority,
        timestamp: new Date().toISOString(),
        ...(source ? { source } : {}),
      },
    }));
    // A hand-off must survive a database restart: the caller has already stored what the job is for.
    await retryTransient(() =>
      pool.query(
        `WITH input AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(name text, priority int, next_run_at timestamptz, type text, data jsonb, wake jsonb, i bigint)
         ), ins AS (
           INSERT INTO "${tableName}" (name, priority, next_run_at, type, data, disabled, fork, last_modified_by)
           SELECT name, priority, next_run_at, type, data, false, false, $2 FROM input ORDER BY i
           ON CONFLICT (name, (data->>'unique_key')) WHERE data ? 'unique_key' DO NOTHING
           RETURNING id, name, data->>'unique_key' AS unique_key
         )
         SELECT pg_notify($3, jsonb_set(w.wake, '{jobId}', to_jsonb(ins.id::text))::text)
         FROM ins CROSS JOIN LATERAL (SELECT wake FROM input WHERE input.name = ins.name AND input.data->>'unique_key' = ins.unique_key LIMIT 1) w`,
        [JSON.stringify(rows), source ?? null, tableName],
      ),
    );
    return jobs.map(() => undefined);
  });
}

/**
 * For producers (api, bot): the job store chosen by AGENDA_BACKEND (default PostgreSQL at `url`), a
 * connected but not started Agenda and its queue.
 */
export async function openJobQueue({
  url,
  logger,
  poolMax = 3,
  tableName,
  backend = { AGENDA_BACKEND: 'postgres' },
  serverSelectionTimeoutMS,
}: {
  url: string;
  logger?: Logger;
  poolMax?: number;
  tableName?: string;
  backend?: JobBackendConfig;
  serverSelectionTimeoutMS?: number;
}) {
  const store = openJobStore(backend, { databaseUrl: url, poolMax, logger, tableName, serverSelectionTimeoutMS });
  try {
    const agenda = await createAgenda({ store, logger });
    return {
      queue: createJobQueue(agenda, store),
      agenda,
      store,
      ping: () => pingJobStore(store),
      close: () => closeJobStore(store),
    };
  } catch (error) {
    await closeJobStore(store).catch(() => {});
    throw error;
  }
}
