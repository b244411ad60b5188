import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pg from 'pg';
import { type Sequelize } from '@crm/database';
import { connectTestDatabase } from '@crm/testing/database';
import { closeJobStore, createAgenda, createJobQueue, createJobsPool, JOBS, openJobStore } from '@crm/core';
import { checkHealth, createHealthServer } from '../src/health.js';

jest.setTimeout(20_000);

let sequelize: Sequelize;
let pool: pg.Pool;
let server: Server;
let base: string;
const tableName = `agenda_health_${process.pid}`;

beforeAll(async () => {
  sequelize = await connectTestDatabase();
  pool = createJobsPool(process.env.CRM_TEST_DATABASE_URL!, { max: 2 });
  const agenda = await createAgenda({ pool, tableName });
  const queue = createJobQueue(agenda, pool, tableName);
  // Producers only enqueue; one due job and one for tomorrow show up in the figures.
  await queue.enqueue(JOBS.aiQualify, { lead_id: 999_001 });
  await queue.enqueue(JOBS.aiQualify, { lead_id: 999_002 }, { runAt: new Date(Date.now() + 86_400_000) });
  server = createHealthServer(sequelize, pool, tableName).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await pool.query(`DROP TABLE IF EXISTS "${tableName}"`);
  await pool.end();
  await sequelize.close();
});

describe('jobs health endpoint', () => {
  it('reports the database up and the queue figures', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; database: string; queue: { due: number; scheduled: number } };
    expect(body).toMatchObject({ status: 'ok', database: 'up' });
    expect(body.queue).toMatchObject({ due: 1, scheduled: 1, running: 0 });
  });

  it('rejects a payload that breaks the job contract, naming the field', async () => {
    const agenda = await createAgenda({ pool, tableName });
    const queue = createJobQueue(agenda, pool, tableName);
    await expect(queue.enqueue(JOBS.telegramSend, { message_id: -1 } as never)).rejects.toMatchObject({
      code: 'validation',
      details: { fields: { message_id: expect.any(String) } },
    });
  });

  it('keeps one job per uniqueKey', async () => {
    const agenda = await createAgenda({ pool, tableName });
    const queue = createJobQueue(agenda, pool, tableName);
    const runAt = new Date(Date.now() + 3_600_000);
    await queue.enqueue(JOBS.remindersDigest, { org_id: 5 }, { runAt, uniqueKey: 'digest:5:2026-11-24' });
    await queue.enqueue(JOBS.remindersDigest, { org_id: 5 }, { runAt, uniqueKey: 'digest:5:2026-11-24' });
    await queue.enqueue(JOBS.remindersDigest, { org_id: 5 }, { runAt, uniqueKey: 'digest:5:2026-11-25' });
    const { rows } = await pool.query(`SELECT data->>'unique_key' AS key FROM "${tableName}" WHERE name = $1 ORDER BY 1`, [JOBS.remindersDigest]);
    expect(rows.map((r) => r.key)).toEqual(['digest:5:2026-11-24', 'digest:5:2026-11-25']);
  });

  it('with the queue on MongoDB, reports the job store down when it does not answer a ping', async () => {
    // No MongoDB here: an address nothing listens on, with a short server selection timeout.
    const store = openJobStore(
      { AGENDA_BACKEND: 'mongo', MONGODB_URL: 'mongodb://127.0.0.1:1/agenda' },
      {
        databaseUrl: process.env.CRM_TEST_DATABASE_URL!,
        serverSelectionTimeoutMS: 300,
      },
    );
    try {
      expect(await checkHealth(sequelize, store)).toEqual({ status: 'degraded', database: 'up', queue: null, queue_store: 'down' });
    } finally {
      await closeJobStore(store);
    }
  });

  it('answers 404 elsewhere', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
  });
});
