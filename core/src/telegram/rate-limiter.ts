/**
 * Outbound rate limits of one bot, as Telegram documents them: about 30 messages/s overall,
 * 1 message/s to the same private chat, 20 messages/minute to the same group.
 *
 * Each chat is a GCRA ("virtual scheduling") limiter without burst: its sends are spaced at least
 * `interval` apart, so no window of the limit's length holds more than the limit. The bot-wide limit
 * is a schedule of booked slots, each `1/perBotPerSec` long: a send takes the earliest free slot at or
 * after its chat allows, so a chat that must wait (or a far-off retry) never holds the others back.
 *
 * Scope: the limiter lives in memory, so it is exact for ONE jobs process. With N jobs processes,
 * each one books its own slots: set TELEGRAM_RATE_PER_SEC to about 30/N so the sum stays under the
 * bot's limit. The per-chat spacing is then per process, so two processes can send to one chat in
 * the same second; Telegram answers that with 429 + retry_after, which delivery waits out and does
 * not count as a failure. Nothing is lost or duplicated either way; only throughput is affected.
 */
export interface TelegramRateLimits {
  /** Messages per second across all chats of one bot. */
  perBotPerSec: number;
  /** Messages per second to one private chat (positive chat id). */
  perPrivateChatPerSec: number;
  /** Messages per minute to one group or channel (negative chat id). */
  perGroupPerMin: number;
}

// A little under Telegram's figures: request arrival times jitter on the way, and a 429 costs more
// than the few percent of throughput given up here.
export const DEFAULT_TELEGRAM_LIMITS: TelegramRateLimits = {
  perBotPerSec: 29,
  perPrivateChatPerSec: 1,
  perGroupPerMin: 20,
};

export type Reservation =
  /** Booked: send at `at` (epoch ms), i.e. after `wait_ms`. */
  | { booked: true; at: number; wait_ms: number }
  /** The earliest slot is further away than `maxWaitMs`: nothing was booked, try again at `at`. */
  | { booked: false; at: number; wait_ms: number };

export interface ReserveOptions {
  /** Messages this send counts as (an album of 5 is 5 messages). Default 1. */
  cost?: number;
  /** Book only if the slot is at most this far away. Default: always book. */
  maxWaitMs?: number;
}

export class TelegramRateLimiter {
  /** Per chat: the earliest time (epoch ms) its next message may go. */
  private readonly chatNext = new Map<string, number>();
  /** Per bot: booked slots as [start, end) in epoch ms, sorted by start. */
  private readonly botSlots = new Map<string, Array<[number, number]>>();

  constructor(
    private readonly limits: TelegramRateLimits = DEFAULT_TELEGRAM_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  reserve(botKey: string | number, chatId: string | number, { cost = 1, maxWaitMs = Infinity }: ReserveOptions = {}): Reservation {
    const now = this.now();
    const chatKey = this.chatKey(botKey, chatId);
    const slots = this.slotsOf(String(botKey), now);
    const length = (1000 / this.limits.perBotPerSec) * cost;
    let at = Math.max(now, this.chatNext.get(chatKey) ?? now);
    let index = 0;
    for (; index < slots.length; index++) {
      const [start, end] = slots[index]!;
      if (start >= at + length) break;
      if (end > at) at = end;
    }
    const wait_ms = at - now;
    if (wait_ms > maxWaitMs) return { booked: false, at, wait_ms };
    slots.splice(index, 0, [at, at + length]);
    this.chatNext.set(chatKey, at + this.chatInterval(chatId) * cost);
    if (this.chatNext.size > 50_000) this.prune(now);
    return { booked: true, at, wait_ms };
  }

  /** Telegram said 429 for this chat: nothing more goes to it before `retryAfterMs` has passed. */
  penalize(botKey: string | number, chatId: string | number, retryAfterMs: number): void {
    const key = this.chatKey(botKey, chatId);
    this.chatNext.set(key, Math.max(this.chatNext.get(key) ?? 0, this.now() + retryAfterMs));
  }

  private chatInterval(chatId: string | number): number {
    const isGroup = Number(chatId) < 0 || String(chatId).startsWith('@');
    return isGroup ? 60_000 / this.limits.perGroupPerMin : 1000 / this.limits.perPrivateChatPerSec;
  }

  private chatKey(botKey: string | number, chatId: string | number) {
    return `${botKey}:${chatId}`;
  }

  /** The bot's booked slots, without those already over. */
  private slotsOf(botKey: string, now: number): Array<[number, number]> {
    let slots = this.botSlots.get(botKey);
    if (!slots) this.botSlots.set(botKey, (slots = []));
    let past = 0;
    while (past < slots.length && slots[past]![1] <= now) past++;
    if (past) slots.splice(0, past);
    return slots;
  }

  /** A chat whose next slot is already in the past behaves exactly like a missing one. */
  private prune(now: number) {
    for (const [key, at] of this.chatNext) if (at <= now) this.chatNext.delete(key);
  }
}
