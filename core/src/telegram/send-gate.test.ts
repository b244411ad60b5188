// Two limiters sharing a bot through PostgreSQL stand for two jobs processes: the bot's sending
// lease lets one of them send at a time, with exact local spacing, and hands the bot over so that
// the spacing holds across the hand-over too; a holder that stops answering holds the bot back only
// until its lease runs out.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Sequelize } from '@crm/database';
import { connectTestDatabase } from '@crm/testing/database';
import { TelegramRateLimiter } from './rate-limiter.js';
import { postgresSendGate, type SendGate } from './send-gate.js';

const limits = { perBotPerSec: 30, perPrivateChatPerSec: 1, perGroupPerMin: 20 };
const interval = 1000 / limits.perBotPerSec;
let sequelize: Sequelize;
let gate: SendGate;
const bot = () => `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  sequelize = await connectTestDatabase();
  gate = postgresSendGate(sequelize);
});
// Idle limiters let their leases go a moment after their last send: that is over before the pool closes.
afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, 300));
  await sequelize.close();
});

/** The largest number of sends inside any window of `windowMs` (half-open, as the fake Bot API counts). */
function maxInWindow(times: number[], windowMs: number) {
  let best = 0;
  for (const start of times) best = Math.max(best, times.filter((t) => t >= start && t < start + windowMs).length);
  return best;
}

describe('the bot sending lease in PostgreSQL', () => {
  it('lets two processes take turns on one bot: every gap about a full interval, at most one more than the limit in a second', async () => {
    const key = bot();
    const a = new TelegramRateLimiter(limits, undefined, gate, { leaseMs: 600, holder: 'a' });
    const b = new TelegramRateLimiter(limits, undefined, gate, { leaseMs: 600, holder: 'b' });
    const sent: Array<{ by: string; at: number }> = [];
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 120 }, async (_, i) => {
        const [limiter, by] = i % 2 ? [b, 'b'] : [a, 'a'];
        const slot = await limiter.acquire(key, 1_000 + i);
        if (!slot.acquired) throw new Error(`send ${i} got no turn`);
        sent.push({ by, at: slot.at });
      }),
    );
    const elapsed = Date.now() - started;
    sent.sort((x, y) => x.at - y.at);
    const gaps = sent.slice(1).map((s, i) => s.at - sent[i]!.at);
    const handovers = sent.slice(1).filter((s, i) => s.by !== sent[i]!.by).length;
    console.log(`[send lease] 120 sends by two limiters in ${elapsed} ms, ${handovers} hand-overs, shortest gap ${Math.min(...gaps)} ms`);
    // Turn times are read on the same millisecond clock: a gap is at least the interval less a late
    // timer's credit (10 ms), and a second across a hand-over holds at most one send more than the limit.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(Math.floor(interval) - 10);
    expect(
      maxInWindow(
        sent.map((s) => s.at),
        1000,
      ),
    ).toBeLessThanOrEqual(limits.perBotPerSec + 1);
    // They took turns (several hand-overs). What the hand-overs cost in time is the fan-out benchmark's
    // figure (bench/outbound-fanout.mjs, two jobs processes against the 33.3 s floor), not a bound here:
    // a loaded test machine stretches it.
    expect(handovers).toBeGreaterThanOrEqual(3);
  });

  it('holds a bot back for a process that stopped answering only until its lease runs out', async () => {
    const key = bot();
    // A process takes the lease and dies without sending or letting it go.
    const taken = Date.now();
    expect(await gate.lease(`bot:${key}`, 'gone', 800)).toEqual({ held: true, ms: 800, recent: [] });
    const limiter = new TelegramRateLimiter(limits, undefined, gate, { leaseMs: 600, holder: 'next' });
    const slot = await limiter.acquire(key, 1);
    expect(slot).toMatchObject({ acquired: true });
    expect(slot.acquired && slot.at - taken).toBeGreaterThanOrEqual(800);
    expect(slot.acquired && slot.at - taken).toBeLessThan(3_000);
  });

  it('puts a waiting process next in line: the holder keeps only what it has left; a place not kept lapses', async () => {
    const key = `bot:${bot()}`;
    // What is left of a lease is read on PostgreSQL's clock: a slow call (a busy server) takes its share.
    const before = Date.now();
    expect(await gate.lease(key, 'a', 1_000)).toEqual({ held: true, ms: 1_000, recent: [] });
    const waiting = await gate.lease(key, 'b', 1_000);
    expect(waiting.held).toBe(false);
    expect(waiting.ms).toBeLessThanOrEqual(1_000);
    expect(waiting.ms).toBeGreaterThanOrEqual(1_000 - (Date.now() - before) - 1);
    // a renews, but b is next: a keeps its rest, not a fresh second.
    const renewed = await gate.lease(key, 'a', 1_000);
    expect(renewed.held).toBe(true);
    expect(renewed.ms).toBeLessThan(1_000);
    // A third process waits behind b.
    expect((await gate.lease(key, 'c', 1_000)).held).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, renewed.ms + 20));
    // The lease ran out: b takes it; a (though it held it) does not jump the line.
    expect((await gate.lease(key, 'a', 1_000)).held).toBe(false);
    expect(await gate.lease(key, 'b', 1_000)).toEqual({ held: true, ms: 1_000, recent: [] });
    // b lets it go, with two sends of its last second, and c (which never got in line) does not hold a back.
    // (one of its own, one of c's it heard of, and one of a's, which a's own window has).
    const released = Date.now();
    await gate.release(key, 'b', 0, [
      { ago: 0, by: 'b' },
      { ago: 400, by: 'c' },
      { ago: 300, by: 'a' },
    ]);
    const taken = await gate.lease(key, 'a', 1_000);
    expect(taken).toMatchObject({ held: true, ms: 1_000 });
    expect(taken.recent.map((entry) => entry.by)).toEqual(['b', 'c']);
    const [own, heard] = taken.recent.map((entry) => entry.ago);
    expect(own).toBeGreaterThanOrEqual(0);
    expect(heard).toBeGreaterThanOrEqual(400);
    expect(heard).toBeLessThanOrEqual(400 + (Date.now() - released) + 1);
    // Its own lease taken again: nothing comes back.
    await gate.release(key, 'a', 0, [{ ago: 0, by: 'a' }]);
    expect(await gate.lease(key, 'a', 1_000)).toEqual({ held: true, ms: 1_000, recent: [] });
  });

  it('hands the last second over with the lease: sends answered late count against the next holder, and it waits for them', async () => {
    const key = bot();
    const tight = { ...limits, perBotPerSec: 10 };
    const options = { leaseMs: 600, answerTimeoutMs: 5_000 };
    const a = new TelegramRateLimiter(tight, undefined, gate, { ...options, holder: 'a' });
    const b = new TelegramRateLimiter(tight, undefined, gate, { ...options, holder: 'b' });
    // a sends 5 whose requests are held up on the way: Telegram gets them, and a its answers, 300 ms after the last.
    // (Queued together: a is never idle between them, so it lets the lease go only after the fifth.)
    const aSlots = await Promise.all(Array.from({ length: 5 }, (_, i) => a.acquire(key, 100 + i)));
    for (const slot of aSlots) expect(slot).toMatchObject({ acquired: true });
    const arrivals: number[] = [];
    const late = new Promise<void>((resolve) =>
      setTimeout(() => {
        for (let i = 0; i < 5; i++) {
          arrivals.push(Date.now());
          a.answered(key);
        }
        resolve();
      }, 300),
    );
    // b has 10 to send meanwhile, each answered at once.
    const bSends = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const slot = await b.acquire(key, 200 + i);
        if (!slot.acquired) throw new Error(`send ${i} got no turn`);
        b.answered(key);
        return Date.now();
      }),
    );
    await late;
    const first = Math.min(...bSends);
    console.log(`[send lease] a's 5 late answers at +0 ms; b's sends at ${bSends.map((t) => t - arrivals[0]!).join(', ')} ms`);
    // b waited for a's requests to be answered, and no second holds more than the limit where Telegram counts them.
    expect(first).toBeGreaterThanOrEqual(arrivals[0]!);
    expect(maxInWindow([...arrivals, ...bSends], 1000)).toBeLessThanOrEqual(tight.perBotPerSec);
  });
});
