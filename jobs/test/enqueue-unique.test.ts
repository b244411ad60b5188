// Enqueueing with a unique key is atomic: producers racing with the same key store one job, and none fails.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createAgenda, createJobQueue, JOBS, postgresJobStore, type JobQueue } from '@crm/core';
import { startHarness, waitFor } from '@crm/testing/jobs-harness';

let h: Awaited<ReturnType<typeof startHarness>>;
let queues: JobQueue[];
let table: string;
let worker: Awaited<ReturnType<Awaited<ReturnType<typeof startHarness>>['newWorker']>>;

beforeAll(async () => {
  h = await startHarness();
  worker = await h.newWorker('producer');
  table = await tableOf();
  const store = postgresJobStore(h.pool, table);
  const other = await createAgenda({ store });
  queues = [worker.deps.queue, createJobQueue(other, store)];
});
afterAll(async () => h.close());

async function tableOf(): Promise<string> {
  const { rows } = await h.pool.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE tablename LIKE 'agenda_test_${process.pid}_%' ORDER BY tablename DESC LIMIT 1`,
  );
  return rows[0]!.tablename;
}

describe('enqueue with a unique key', () => {
  it('stores one job when many producers race with the same key', async () => {
    const key = `media:message:${Date.now()}`;
    const results = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) =>
        queues[i % 2]!.enqueue(JOBS.mediaIngest, { org_id: 1, message_id: 1 }, { uniqueKey: key, runAt: new Date(Date.now() + 3_600_000) }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const { rows } = await h.pool.query(`SELECT id FROM "${table}" WHERE data->>'unique_key' = $1`, [key]);
    expect(rows).toHaveLength(1);
    // Another key is stored as usual.
    await queues[0]!.enqueue(JOBS.mediaIngest, { org_id: 1, message_id: 2 }, { uniqueKey: `${key}:other`, runAt: new Date(Date.now() + 3_600_000) });
    expect((await h.pool.query(`SELECT id FROM "${table}" WHERE data->>'unique_key' LIKE $1`, [`${key}%`])).rows).toHaveLength(2);
  });

  it("stores a producer's keyed job as Agenda does, and a worker runs it", async () => {
    const key = `media:message:due:${Date.now()}`;
    // The second queue's Agenda is not started: a producer's, like the bot's and the api's.
    await queues[1]!.enqueue(JOBS.mediaIngest, { org_id: 1, message_id: 2_000_000_000 }, { uniqueKey: key });
    await queues[1]!.enqueue(JOBS.mediaIngest, { org_id: 1, message_id: 2_000_000_000 }, { uniqueKey: key });
    const { rows } = await h.pool.query(`SELECT name, type, priority, disabled, data, last_modified_by FROM "${table}" WHERE data->>'unique_key' = $1`, [key]);
    expect(rows).toEqual([
      {
        name: JOBS.mediaIngest,
        type: 'normal',
        priority: 0,
        disabled: false,
        data: { org_id: 1, message_id: 2_000_000_000, unique_key: key },
        last_modified_by: expect.any(String),
      },
    ]);
    // Due now: a worker takes it and runs it (removed when done, or kept with its finish time when it failed).
    await worker.start();
    await waitFor(
      async () => (await h.pool.query(`SELECT 1 FROM "${table}" WHERE data->>'unique_key' = $1 AND last_finished_at IS NULL`, [key])).rowCount === 0,
      15_000,
      'the keyed job to run',
    );
  });
});
