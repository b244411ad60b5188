import { describe, expect, it } from '@jest/globals';
import { TelegramRateLimiter } from './rate-limiter.js';

const limits = { perBotPerSec: 30, perPrivateChatPerSec: 1, perGroupPerMin: 20 };

/** A limiter on a clock the test moves; each send happens at the slot it was given. */
function harness() {
  let now = 1_000_000;
  const limiter = new TelegramRateLimiter(limits, () => now);
  const send = (chatId: number, bot = 'b1') => {
    const slot = limiter.reserve(bot, chatId);
    now = Math.max(now, slot.at);
    return slot.at;
  };
  return { limiter, send, advance: (ms: number) => (now += ms), at: () => now };
}

/** The largest number of sends inside any window of `windowMs` (half-open, like Telegram's counters). */
function maxInWindow(times: number[], windowMs: number) {
  let best = 0;
  for (const start of times) best = Math.max(best, times.filter((t) => t >= start && t < start + windowMs).length);
  return best;
}

describe('TelegramRateLimiter', () => {
  it('spaces messages to one private chat at least a second apart', () => {
    const { send } = harness();
    const times = [send(42), send(42), send(42)];
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1000);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(1000);
  });

  it('sends to different private chats without the per-chat wait', () => {
    const { send } = harness();
    const [a, b] = [send(1), send(2)];
    expect(b! - a!).toBeLessThan(1000);
  });

  it('allows at most 20 messages a minute to one group', () => {
    const { send } = harness();
    const times = Array.from({ length: 45 }, () => send(-100123));
    expect(maxInWindow(times, 60_000)).toBe(20);
    expect(times[20]! - times[0]!).toBeGreaterThanOrEqual(60_000);
  });

  it('keeps a bot at 30 messages a second overall, however many chats', () => {
    const { send } = harness();
    const times = Array.from({ length: 300 }, (_, i) => send(i + 1));
    expect(maxInWindow(times, 1000)).toBe(30);
    // 300 messages take ~10 s: the floor of 30/s, not more.
    expect(times[299]! - times[0]!).toBeLessThan(10_000);
    expect(times[299]! - times[0]!).toBeGreaterThanOrEqual(9_900);
  });

  it('limits each bot on its own', () => {
    const { limiter } = harness();
    for (let i = 1; i <= 30; i++) limiter.reserve('b1', i);
    expect(limiter.reserve('b1', 31).wait_ms).toBeCloseTo(1000);
    expect(limiter.reserve('b2', 1).wait_ms).toBe(0);
  });

  it('books nothing when the slot is further away than the caller will wait', () => {
    const { limiter } = harness();
    limiter.reserve('b1', 7);
    const late = limiter.reserve('b1', 7, { maxWaitMs: 500 });
    expect(late).toMatchObject({ booked: false });
    expect(late.wait_ms).toBe(1000);
    // Not booked: the chat's next slot is still the same one.
    expect(limiter.reserve('b1', 7).wait_ms).toBe(1000);
  });

  it('counts an album as several messages', () => {
    const { limiter } = harness();
    limiter.reserve('b1', 7, { cost: 3 });
    expect(limiter.reserve('b1', 8).wait_ms).toBe(100);
    expect(limiter.reserve('b1', 7).wait_ms).toBe(3000);
  });

  it('holds a chat back for retry_after once Telegram answered 429', () => {
    const { limiter } = harness();
    limiter.penalize('b1', 9, 5000);
    expect(limiter.reserve('b1', 9).wait_ms).toBe(5000);
    expect(limiter.reserve('b1', 10).wait_ms).toBe(0);
  });

  it('does not hold other chats back while one chat waits for its turn', () => {
    const { limiter } = harness();
    limiter.reserve('b1', 7);
    expect(limiter.reserve('b1', 7).wait_ms).toBe(1000);
    // The slot right after the first send is still free for another chat.
    expect(limiter.reserve('b1', 8).wait_ms).toBeCloseTo(1000 / 30);
  });
});
