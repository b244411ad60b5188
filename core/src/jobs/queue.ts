import { Agenda, type Job } from 'agenda';
import {
  PostgresBackend,
  getCreateIndexesSQL,
  getCreateTableSQL,
  getUpdateTimestampTriggerSQL,
} from '@agendajs/postgres-backend';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { parseJobPayload, type JobInput, type JobName } from './contracts.js';

export const AGENDA_TABLE = 'agenda_jobs';
// Any constant works; it only has to be the same in every process that creates the schema.
const SCHEMA_LOCK_KEY = 7_411_002;

export interface EnqueueOptions {
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

/**
 * Creates the Agenda tables once per database. Agenda's own `ensureSchema` runs `CREATE ... IF NOT
 * EXISTS` concurrently from every process, which can race in PostgreSQL; an advisory lock serialises it.
 */
export async function ensureAgendaSchema(pool: pg.Pool, tableName = AGENDA_TABLE): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
    await client.query(getCreateTableSQL(tableName));
    for (const sql of getCreateIndexesSQL(tableName)) await client.query(sql);
    await client.query(getUpdateTimestampTriggerSQL(tableName));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export interface CreateAgendaOptions {
  pool: pg.Pool;
  /** Jobs table (also the NOTIFY channel). Default `agenda_jobs`; tests use their own to stay isolated. */
  tableName?: string;
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
 * Builds an Agenda on PostgreSQL using the caller's pool (never closed by Agenda). The returned
 * instance is connected; call `start()` only in the jobs process.
 */
export async function createAgenda(options: CreateAgendaOptions): Promise<Agenda> {
  const { pool, logger, tableName = AGENDA_TABLE } = options;
  await ensureAgendaSchema(pool, tableName);
  const backend = new PostgresBackend({ pool, tableName, channelName: tableName, ensureSchema: false });
  // Job state notifications (start/success/complete: three NOTIFYs per job, parsed by every worker)
  // only feed cross-process Agenda events, which nothing here listens to. New-job notifications stay.
  const channel = backend.notificationChannel as { publishState?: unknown } | undefined;
  if (channel) channel.publishState = undefined;
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
export function createJobQueue(agenda: Agenda, pool: pg.Pool, tableName = AGENDA_TABLE): JobQueue {
  return {
    async enqueue(name, payload, { runAt, uniqueKey } = {}) {
      const data: Record<string, unknown> = { ...parseJobPayload(name, payload) };
      if (uniqueKey) data.unique_key = uniqueKey;
      const job: Job<Record<string, unknown>> = agenda.create(name, data);
      if (uniqueKey) job.unique({ 'data.unique_key': uniqueKey }, { insertOnly: true });
      job.schedule(runAt ?? new Date());
      await job.save();
      // A producer's Agenda is never started, so its LISTEN/NOTIFY channel is not connected and
      // save() did not wake the workers: notify them here instead of waiting for their next poll.
      if (!agenda.isActiveJobProcessor()) {
        const notification = {
          jobId: String(job.attrs._id),
          jobName: name,
          nextRunAt: job.attrs.nextRunAt?.toISOString() ?? null,
          priority: job.attrs.priority,
          timestamp: new Date().toISOString(),
          source: agenda.attrs.name || undefined,
        };
        await pool.query('SELECT pg_notify($1, $2)', [tableName, JSON.stringify(notification)]);
      }
    },
  };
}

/** For producers (api, bot): a pool, a connected but not started Agenda and its queue. */
export async function openJobQueue({ url, logger, poolMax = 3, tableName }: { url: string; logger?: Logger; poolMax?: number; tableName?: string }) {
  const pool = createJobsPool(url, { max: poolMax, logger });
  try {
    const agenda = await createAgenda({ pool, logger, tableName });
    return {
      queue: createJobQueue(agenda, pool, tableName),
      agenda,
      pool,
      async close() {
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}
