import { describe, expect, it } from '@jest/globals';
import { createSequelize } from './connection.js';
import { isTransientDbError, retryTransient } from './retry.js';

describe('transient database errors', () => {
  it('recognises a refused connection from a real driver, and not a bad statement', async () => {
    const down = createSequelize({ url: 'postgres://postgres:postgres@127.0.0.1:1/none', poolMax: 1 });
    const refused = await down.query('SELECT 1').catch((error: unknown) => error);
    await down.close();
    expect(isTransientDbError(refused)).toBe(true);
    expect(isTransientDbError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isTransientDbError(Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' }))).toBe(false);
    expect(isTransientDbError(new Error('null value in column "org_id"'))).toBe(false);
  });

  it('retries a transient failure until it succeeds, and rethrows other errors at once', async () => {
    let calls = 0;
    const result = await retryTransient(
      async () => {
        calls += 1;
        if (calls < 3) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        return 'stored';
      },
      { baseDelayMs: 5 },
    );
    expect({ result, calls }).toEqual({ result: 'stored', calls: 3 });

    let badCalls = 0;
    await expect(
      retryTransient(
        async () => {
          badCalls += 1;
          throw new Error('duplicate key value');
        },
        { baseDelayMs: 5 },
      ),
    ).rejects.toThrow('duplicate key');
    expect(badCalls).toBe(1);
  });

  it('gives up with the last error when the outage outlasts the time-out', async () => {
    const started = Date.now();
    await expect(
      retryTransient(
        async () => {
          throw Object.assign(new Error('the database system is starting up'), { code: '57P03' });
        },
        { timeoutMs: 300, baseDelayMs: 50 },
      ),
    ).rejects.toThrow('starting up');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
