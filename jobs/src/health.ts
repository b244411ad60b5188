import { createServer, type Server } from 'node:http';
import type pg from 'pg';
import type { Sequelize } from '@crm/database';
import { AGENDA_TABLE } from '@crm/core';

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: 'up' | 'down';
  queue: { due: number; scheduled: number; running: number; failed: number } | null;
}

/** Database reachability and queue depth: `due` jobs waiting to run now is the figure to alert on. */
export async function checkHealth(sequelize: Sequelize, pool: pg.Pool, tableName = AGENDA_TABLE): Promise<HealthReport> {
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

/** `GET /health` on JOBS_PORT: 200 when the database answers, 503 otherwise. */
export function createHealthServer(sequelize: Sequelize, pool: pg.Pool, tableName = AGENDA_TABLE): Server {
  return createServer((req, res) => {
    if (req.method !== 'GET' || (req.url !== '/health' && req.url !== '/')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    checkHealth(sequelize, pool, tableName).then((report) => {
      res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report));
    }, () => res.writeHead(500).end());
  });
}
