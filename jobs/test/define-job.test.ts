// defineJob, the one wrapper of every job: a payload that breaks its contract and a DomainError fail the
// job for good (run at most once), a transient error is tried again with back-off until it succeeds,
// and each outcome is logged with the job's name. Real Agenda on PostgreSQL, in a table of its own.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exponential, type Agenda } from 'agenda';
import { pino } from 'pino';
import type pg from 'pg';
import { createAgenda, createJobsPool, DomainError, JOBS } from '@crm/core';
import { defineJob } from '../src/define-job.js';
import { waitFor } from '@crm/testing/jobs-harness';

const tableName = `agenda_define_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
let pool: pg.Pool;
let agenda: Agenda;
const lines: Array<Record<string, unknown>> = [];
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  }),
);

/** What each task id does when its reminder runs, and how often it ran. */
const behaviour = new Map<number, (attempt: number) => void>();
const runs = new Map<number, number>();

beforeAll(async () => {
  pool = createJobsPool(process.env.CRM_TEST_DATABASE_URL!, { max: 3 });
  agenda = await createAgenda({ pool, tableName, name: 'define-job-test', processEvery: 200 });
  defineJob(
    agenda,
    { logger },
    {
      name: JOBS.tasksRemind,
      async run({ task_id }) {
        const attempt = (runs.get(task_id) ?? 0) + 1;
        runs.set(task_id, attempt);
        behaviour.get(task_id)?.(attempt);
      },
      retry: exponential({ delay: 300, maxRetries: 4 }),
    },
  );
  await agenda.start();
}, 60_000);

afterAll(async () => {
  await agenda?.stop(false);
  await pool?.query(`DROP TABLE IF EXISTS "${tableName}"`).catch(() => {});
  for (const name of faults) await pool?.query(`DROP FUNCTION IF EXISTS ${name}(); DROP SEQUENCE IF EXISTS ${name}_seq`).catch(() => {});
  await pool?.end();
});

const jobRow = async (id: string) =>
  (
    await pool.query<{
      fail_count: number | null;
      next_run_at: Date | null;
      failed_at: Date | null;
      last_finished_at: Date | null;
      fail_reason: string | null;
      locked_at: Date | null;
    }>(`SELECT fail_count, next_run_at, failed_at, last_finished_at, fail_reason, locked_at FROM "${tableName}" WHERE id = $1`, [id])
  ).rows[0]!;

async function enqueue(data: Record<string, unknown>): Promise<string> {
  const job = await agenda.now(JOBS.tasksRemind, data);
  return String(job.attrs._id);
}

/** Waits for the job to end (succeeded, or failed with nothing more scheduled). */
const settled = (id: string) =>
  waitFor(
    async () => {
      const row = await jobRow(id);
      return row.last_finished_at && row.next_run_at === null ? row : undefined;
    },
    30_000,
    'job settled',
  );

const logsOf = (jobId: string) => lines.filter((l) => l.job_id === jobId);

describe('defineJob', () => {
  it('fails a job whose payload breaks its contract without running or retrying it', async () => {
    const id = await enqueue({ task_id: 'seven' });
    const row = await settled(id);
    expect(row.fail_count).toBe(1);
    expect(row.failed_at).not.toBeNull();
    expect(row.fail_reason).toMatch(/Invalid payload for job tasks\.remind.*task_id/);
    expect(runs.size).toBe(0);
    const refusal = logsOf(id).find((l) => l.msg === 'job refused: failed without retry');
    expect(refusal).toMatchObject({ job: 'tasks.remind', code: 'validation', level: 40 });
  });

  it('fails a job whose work throws a DomainError after one run', async () => {
    behaviour.set(101, () => {
      throw new DomainError('conflict', 'the task was deleted');
    });
    const id = await enqueue({ task_id: 101 });
    const row = await settled(id);
    expect(row.fail_count).toBe(1);
    expect(row.fail_reason).toBe('the task was deleted');
    // Long past the back-off: still one run.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(runs.get(101)).toBe(1);
    expect((await jobRow(id)).next_run_at).toBeNull();
    expect(logsOf(id).map((l) => l.msg)).toEqual(['job started', 'job refused: failed without retry']);
  });

  it('tries a transient failure again with back-off until it succeeds', async () => {
    behaviour.set(202, (attempt) => {
      if (attempt < 3) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    });
    const id = await enqueue({ task_id: 202 });
    const row = await waitFor(
      async () => {
        const current = await jobRow(id);
        return runs.get(202) === 3 && current.next_run_at === null && current.fail_count === 0 ? current : undefined;
      },
      30_000,
      'success on the third run',
    );
    expect(row.last_finished_at).not.toBeNull();
    const messages = logsOf(id).map((l) => [l.msg, l.attempt]);
    expect(messages).toEqual([
      ['job started', 1],
      ['job failed: tried again with back-off', 1],
      ['job started', 2],
      ['job failed: tried again with back-off', 2],
      ['job started', 3],
      ['job finished', 3],
    ]);
    expect(logsOf(id).every((l) => l.job === 'tasks.remind')).toBe(true);
  });

  it('stops trying a transient failure when its retries are used up', async () => {
    behaviour.set(303, () => {
      throw new Error('ECONNREFUSED 127.0.0.1:5432');
    });
    const id = await enqueue({ task_id: 303 });
    await waitFor(async () => (await jobRow(id)).fail_count === 5, 60_000, 'retries used up');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(runs.get(303)).toBe(5); // the first run and 4 retries
    const row = await jobRow(id);
    expect(row.fail_count).toBe(5);
    expect(row.next_run_at).toBeNull();
  }, 90_000);
});

/** The triggers failUnlocking made, removed after the tests. */
const faults: string[] = [];

/**
 * The next `times` writes that unlock the job of this task (what a worker writes once the job ran) fail
 * the way they do while PostgreSQL restarts: SQLSTATE 57P01, "terminating connection".
 */
async function failUnlocking(taskId: number, times: number): Promise<void> {
  const name = `${tableName}_unlock_${taskId}`;
  faults.push(name);
  await pool.query(`
    CREATE SEQUENCE ${name}_seq;
    CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.data->>'task_id' = '${taskId}' AND OLD.locked_at IS NOT NULL AND NEW.locked_at IS NULL AND nextval('${name}_seq') <= ${times} THEN
        RAISE EXCEPTION 'terminating connection due to administrator command' USING ERRCODE = '57P01';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER ${name} BEFORE UPDATE ON "${tableName}" FOR EACH ROW EXECUTE FUNCTION ${name}();`);
}

describe('a job ending while the database is away', () => {
  it('is unlocked and finished once the database is back, not left locked for its lock lifetime', async () => {
    await failUnlocking(404, 2);
    const id = await enqueue({ task_id: 404 });
    // The lock lifetime is 2 minutes: a job left locked would still be locked here.
    const row = await waitFor(
      async () => {
        const current = await jobRow(id);
        return current.last_finished_at && current.locked_at === null ? current : undefined;
      },
      15_000,
      'job unlocked',
    );
    expect(runs.get(404)).toBe(1);
    expect(row).toMatchObject({ fail_count: null, next_run_at: null });
  });

  it('has its retry scheduled once the database is back, and runs again', async () => {
    behaviour.set(505, (attempt) => {
      if (attempt === 1) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    });
    await failUnlocking(505, 1);
    const id = await enqueue({ task_id: 505 });
    const row = await waitFor(
      async () => {
        const current = await jobRow(id);
        return runs.get(505) === 2 && current.locked_at === null && current.next_run_at === null ? current : undefined;
      },
      15_000,
      'second run finished',
    );
    expect(row.fail_count).toBe(0);
    expect(row.last_finished_at).not.toBeNull();
  });
});
