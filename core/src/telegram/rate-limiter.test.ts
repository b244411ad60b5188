import { describe, expect, it } from '@jest/globals';
import { TelegramRateLimiter, type Clock } from './rate-limiter.js';
import type { SendGate } from './send-gate.js';

const limits = { perBotPerSec: 30, perPrivateChatPerSec: 1, perGroupPerMin: 20 };

/** A clock the limiter moves itself: sleeping advances time at once, so minutes of sends take no time. */
function virtualClock(): Clock & { t: number } {
  const clock = {
    t: 1_000_000,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}

/** Sends one after another; returns when each went out. */
async function sendAll(limiter: TelegramRateLimiter, clock: Clock, chats: Array<number>, bot = 'b1') {
  const times: number[] = [];
  for (const chat of chats) {
    const result = await limiter.acquire(bot, chat);
    expect(result.acquired).toBe(true);
    times.push(clock.now());
  }
  return times;
}

/** The largest number of sends inside any window of `windowMs` (half-open, like Telegram's counters). */
function maxInWindow(times: number[], windowMs: number) {
  let best = 0;
  for (const start of times) best = Math.max(best, times.filter((t) => t >= start && t < start + windowMs).length);
  return best;
}

describe('TelegramRateLimiter', () => {
  it('spaces messages to one private chat at least a second apart', async () => {
    const clock = virtualClock();
    const times = await sendAll(new TelegramRateLimiter(limits, clock), clock, [42, 42, 42]);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1000);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(1000);
  });

  it('allows at most 20 messages a minute to one group', async () => {
    const clock = virtualClock();
    const times = await sendAll(new TelegramRateLimiter(limits, clock), clock, Array(45).fill(-100123));
    expect(maxInWindow(times, 60_000)).toBe(20);
    expect(times[20]! - times[0]!).toBeGreaterThanOrEqual(60_000);
  });

  it('keeps a bot at 30 messages a second overall, however many chats', async () => {
    const clock = virtualClock();
    const times = await sendAll(
      new TelegramRateLimiter(limits, clock),
      clock,
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    expect(maxInWindow(times, 1000)).toBe(30);
    expect(times[299]! - times[0]!).toBeGreaterThanOrEqual(9_900);
    expect(times[299]! - times[0]!).toBeLessThan(10_000);
  });

  it('spaces concurrent sends on the real clock, and each bot on its own', async () => {
    const limiter = new TelegramRateLimiter(limits);
    const sentAt: Record<string, number[]> = { b1: [], b2: [] };
    await Promise.all(
      ['b1', 'b2'].flatMap((bot) => Array.from({ length: 45 }, (_, i) => limiter.acquire(bot, i + 1).then(() => sentAt[bot]!.push(Date.now())))),
    );
    // Observed times are when each continuation ran, which a busy machine can delay by any amount,
    // so single gaps can look short; the exact spacing is proven on the virtual clock above. What
    // delays cannot fake: 45 sends of one bot span at least 44/30 s (less the first one's delay).
    for (const times of Object.values(sentAt)) {
      times.sort((a, b) => a - b);
      expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(1_300);
    }
    // Two bots run side by side (one after the other, each would start when the other has ended).
    expect(Math.min(...sentAt.b2!)).toBeLessThan(Math.max(...sentAt.b1!));
    expect(Math.min(...sentAt.b1!)).toBeLessThan(Math.max(...sentAt.b2!));
  });

  it('books nothing when the wait would exceed what the caller accepts', async () => {
    const clock = virtualClock();
    const limiter = new TelegramRateLimiter(limits, clock);
    await limiter.acquire('b1', 7);
    const late = await limiter.acquire('b1', 7, { maxWaitMs: 500 });
    expect(late).toEqual({ acquired: false, retry_at: clock.now() + 1000 });
    // Not booked: the chat's next slot is still the same one.
    expect(await limiter.acquire('b1', 7)).toMatchObject({ acquired: true, waited_ms: 1000 });
  });

  it('counts an album as several messages', async () => {
    const clock = virtualClock();
    const limiter = new TelegramRateLimiter(limits, clock);
    await limiter.acquire('b1', 7, { cost: 3 });
    expect(await limiter.acquire('b1', 8)).toMatchObject({ acquired: true, waited_ms: 100 });
    expect((await limiter.acquire('b1', 7, { maxWaitMs: 0 })).acquired).toBe(false);
  });

  it('holds a chat back for retry_after once Telegram answered 429, and only that chat', async () => {
    const clock = virtualClock();
    const limiter = new TelegramRateLimiter(limits, clock);
    limiter.penalize('b1', 9, 5000);
    expect(await limiter.acquire('b1', 10)).toMatchObject({ acquired: true, waited_ms: 0 });
    expect(await limiter.acquire('b1', 9, { maxWaitMs: 1000 })).toMatchObject({ acquired: false });
    const start = clock.now();
    await limiter.acquire('b1', 9);
    expect(clock.now() - start).toBeGreaterThanOrEqual(4900);
  });

  it('does not hold other chats back while one chat waits for its turn', async () => {
    const limiter = new TelegramRateLimiter(limits);
    await limiter.acquire('b1', 7);
    const started = Date.now();
    const order: number[] = [];
    const second = limiter.acquire('b1', 7).then(() => order.push(7));
    await limiter.acquire('b1', 8).then(() => order.push(8));
    await second;
    // Chat 8 goes after the bot's 1/30 s gap, not after chat 7's one-second turn.
    expect(order).toEqual([8, 7]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('runs the ready step before the turn, and a send whose step says no uses no turn', async () => {
    const clock = virtualClock();
    const limiter = new TelegramRateLimiter(limits, clock);
    const steps: string[] = [];
    const first = await limiter.acquire('b1', 1, { ready: async () => (steps.push('ready 1'), true) });
    steps.push('sent 1');
    const declined = await limiter.acquire('b1', 2, { ready: async () => (steps.push('ready 2'), false) });
    const third = await limiter.acquire('b1', 3, { ready: async () => (steps.push('ready 3'), true) });
    expect(steps).toEqual(['ready 1', 'sent 1', 'ready 2', 'ready 3']);
    expect(declined).toEqual({ acquired: false, declined: true });
    // The declined send took no turn: the third goes one interval after the first, not two.
    expect(first.acquired && third.acquired && third.at - first.at).toBeCloseTo(1000 / 30, 5);
    // Nor did it keep its chat's slot: chat 2 waits only for the bot's interval, not for a second.
    expect(await limiter.acquire('b1', 2, { maxWaitMs: 100 })).toMatchObject({ acquired: true });
  });

  it('lets a failing ready step fail its own send only', async () => {
    const limiter = new TelegramRateLimiter(limits);
    const failing = limiter.acquire('b1', 1, { ready: () => Promise.reject(new Error('database gone')) });
    const next = limiter.acquire('b1', 2, { ready: async () => true });
    await expect(failing).rejects.toThrow('database gone');
    expect(await next).toMatchObject({ acquired: true });
  });

  it('holds every send of a paused bot until the pause ends, including one already past its ready step', async () => {
    const clock = virtualClock();
    const limiter = new TelegramRateLimiter(limits, clock);
    const start = clock.now();
    let claimed = 0;
    const slot = limiter.acquire('b1', 1, {
      ready: async () => {
        claimed += 1;
        // Telegram answered 429 to another send right after this one was claimed.
        limiter.pause('b1', start + 3_000);
        return true;
      },
    });
    expect(await slot).toMatchObject({ acquired: true, at: start + 3_000 });
    expect(claimed).toBe(1);
    expect(await limiter.acquire('b2', 1)).toMatchObject({ acquired: true, at: start + 3_000 });
  });

  it('counts a send a few ms late from its turn, and a stall from the send', async () => {
    // Every timer fires 4 ms late, and one of them 150 ms late (a stall).
    const clock = virtualClock();
    let sleeps = 0;
    clock.sleep = async (ms) => {
      sleeps += 1;
      clock.t += ms + (sleeps === 100 ? 150 : 4);
    };
    const times = await sendAll(
      new TelegramRateLimiter(limits, clock),
      clock,
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // The late timers cost little beyond the stall itself (a timer's lateness once a second, where the
    // window of the last second binds); counted from each send, they would cost 299 × 4 ms.
    expect(times[299]! - times[0]!).toBeLessThanOrEqual(299 * (1000 / 30) + 150 + 10 * 4 + 1);
    // No gap is shorter than the interval less the credit, and no second holds more than 30.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 / 30 - 10);
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(30);
  });

  it('takes the sends heard with a lease as of when the answer came, however slow the call', async () => {
    // The lease comes from another process that sent 30 in the second before PostgreSQL ran the call
    // (its "ago" is 0 for all of them), and the call took 20 ms each way.
    const clock = virtualClock();
    let ranAt = 0;
    let calls = 0;
    const gate: SendGate = {
      take: async () => 0,
      hold: async () => {},
      release: async () => {},
      lease: async () => {
        // Renewals of its own lease come back with nothing heard.
        if (calls++ > 0) return { held: true, ms: 600, recent: [] };
        clock.t += 20;
        ranAt = clock.t;
        clock.t += 20;
        return { held: true, ms: 600, recent: Array.from({ length: 30 }, () => ({ ago: 0, by: 'other' })) };
      },
    };
    const limiter = new TelegramRateLimiter(limits, clock, gate, { leaseMs: 600, holder: 'me', answerTimeoutMs: 5_000 });
    const slot = await limiter.acquire('b1', 1);
    expect(slot.acquired).toBe(true);
    // Counted from before the call, those 30 would seem to leave the window 20 ms before they do.
    expect(slot.acquired && slot.at - ranAt).toBeGreaterThanOrEqual(1000);
  });

  it('holds sends to the answers of the last second when answers are reported', async () => {
    // Three requests are held up on the way (answered 150 ms after they went): they may reach Telegram
    // together with the ones sent after them. Answers are reported, as deliveries do.
    const run = async (answerTimeoutMs?: number) => {
      const clock = virtualClock();
      const due: Array<{ at: number; chat: number }> = [];
      const answered: number[] = [];
      const limiter = new TelegramRateLimiter(limits, clock, undefined, answerTimeoutMs ? { answerTimeoutMs } : {});
      const answer = async (until: number) => {
        due.sort((a, b) => a.at - b.at);
        while (due.length > 0 && due[0]!.at <= until) {
          const { at, chat } = due.shift()!;
          answered.push(at);
          limiter.answered('b1');
          await limiter.sent('b1', chat);
        }
      };
      clock.sleep = async (ms) => {
        clock.t += ms;
        await answer(clock.t);
      };
      for (let chat = 1; chat <= 90; chat++) {
        const slot = await limiter.acquire('b1', chat);
        expect(slot.acquired).toBe(true);
        due.push({ at: clock.t + (chat >= 20 && chat < 23 ? 150 : 1), chat });
        await answer(clock.t);
      }
      await answer(Infinity);
      return maxInWindow(answered, 1000);
    };
    // Counted where they could arrive (by their answers), no second holds more than the limit.
    expect(await run(5_000)).toBeLessThanOrEqual(30);
    // Spacing alone lets them bunch: the same sends without the answers' window go over.
    expect(await run()).toBeGreaterThan(30);
  });
});
