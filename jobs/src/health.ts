import { createServer, type RequestListener, type Server } from 'node:http';
import type pg from 'pg';
import type { Sequelize } from '@crm/database';
import { AGENDA_TABLE, pingJobStore, type JobStore } from '@crm/core';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'stopping';
  database: 'up' | 'down';
  /** Queue depth on PostgreSQL; null when down, and on MongoDB (where only reachability is checked). */
  queue: { due: number; scheduled: number; running: number; failed: number } | null;
  /** MongoDB only: whether the job store answers a ping. */
  queue_store?: 'up' | 'down';
}

/**
 * Database reachability and queue depth: `due` jobs waiting to run now is the figure to alert on.
 * With the queue on MongoDB the job store is pinged instead.
 */
export async function checkHealth(sequelize: Sequelize, target: pg.Pool | JobStore, tableName = AGENDA_TABLE): Promise<HealthReport> {
  if ('kind' in target && target.kind === 'mongo') return checkMongoHealth(sequelize, target);
  const pool = 'kind' in target ? target.pool : target;
  if ('kind' in target) tableName = target.tableName;
  try {
    await sequelize.query('SELECT 1');
    const { rows } = await pool.query<{ due: string; scheduled: string; running: string; failed: string }>(
      `SELECT count(*) FILTER (WHERE next_run_at <= now() AND locked_at IS NULL AND NOT disabled) AS due,
              count(*) FILTER (WHERE next_run_at > now()) AS scheduled,
              count(*) FILTER (WHERE locked_at IS NOT NULL) AS running,
              count(*) FILTER (WHERE failed_at IS NOT NULL AND (last_finished_at IS NULL OR failed_at >= last_finished_at)) AS failed
         FROM "${tableName}"`,
    );
    const row = rows[0]!;
    return {
      status: 'ok',
      database: 'up',
      queue: { due: Number(row.due), scheduled: Number(row.scheduled), running: Number(row.running), failed: Number(row.failed) },
    };
  } catch {
    return { status: 'degraded', database: 'down', queue: null };
  }
}

async function checkMongoHealth(sequelize: Sequelize, store: JobStore): Promise<HealthReport> {
  const database = await sequelize.query('SELECT 1').then(
    () => 'up' as const,
    () => 'down' as const,
  );
  const queueStore = await pingJobStore(store).then(
    () => 'up' as const,
    () => 'down' as const,
  );
  const status = database === 'up' && queueStore === 'up' ? 'ok' : 'degraded';
  return { status, database, queue: null, queue_store: queueStore };
}

/**
 * `GET /health` on JOBS_PORT: 200 when the database (and a MongoDB job store) answers, 503 otherwise
 * and once the process is stopping (`running` is the process shell's check).
 */
export function healthHandler(
  sequelize: Sequelize,
  target: pg.Pool | JobStore,
  options: { tableName?: string; running?: () => Promise<unknown> } = {},
): RequestListener {
  return (req, res) => {
    if (req.method !== 'GET' || (req.url !== '/health' && req.url !== '/')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    Promise.all([
      checkHealth(sequelize, target, options.tableName),
      (options.running?.() ?? Promise.resolve()).then(
        () => false,
        () => true,
      ),
    ]).then(
      ([report, stopping]) => {
        const body = stopping ? { ...report, status: 'stopping' } : report;
        res.writeHead(body.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      },
      () => res.writeHead(500).end(),
    );
  };
}

export const createHealthServer = (sequelize: Sequelize, target: pg.Pool | JobStore, tableName = AGENDA_TABLE): Server =>
  createServer(healthHandler(sequelize, target, { tableName }));
