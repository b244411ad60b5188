import { describe, expect, it } from '@jest/globals';
import { grouped } from './grouped.js';

describe('grouped', () => {
  it('runs a lone call at once, and calls arriving meanwhile together', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const double = grouped<number, number>(
      async (inputs) => {
        batches.push(inputs);
        if (batches.length === 1) await gate;
        return inputs.map((n) => n * 2);
      },
      { maxParallel: 1 },
    );
    const first = double(1);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [double(2), double(3), double(4)];
    release();
    expect(await Promise.all([first, ...rest])).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('splits at maxBatch', async () => {
    const batches: number[][] = [];
    const same = grouped<number, number>(async (inputs) => (batches.push(inputs), inputs), { maxParallel: 1, maxBatch: 2 });
    expect(await Promise.all([1, 2, 3, 4, 5].map(same))).toEqual([1, 2, 3, 4, 5]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('tries each call of a failed group alone, so only a bad input fails', async () => {
    const checked = grouped<number, number>(async (inputs) => {
      if (inputs.includes(13)) throw new Error('unlucky');
      return inputs;
    });
    const results = await Promise.allSettled([1, 13, 2].map(checked));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('unlucky'));
  });
});
