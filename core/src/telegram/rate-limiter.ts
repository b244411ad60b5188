import type { SendGate } from './send-gate.js';

/**
 * Outbound rate limits of one bot, as Telegram documents them: about 30 messages/s overall,
 * 1 message/s to the same private chat, 20 messages/minute to the same group.
 *
 * Two stages, both without bursts:
 * - per chat, slots are booked ahead (virtual scheduling): each send to a chat is at least
 *   `1/perPrivateChatPerSec` (or `60/perGroupPerMin` for groups) after the previous one; a chat that
 *   must wait never holds other chats back;
 * - per bot, a gate spaces the actual sends at least `1/perBotPerSec` apart, measured on the clock
 *   when each send really goes, so a late timer or a busy event loop can only slow sends down, never
 *   bunch them into a burst. No second therefore ever holds more than `perBotPerSec` sends.
 *
 * Across processes: given a shared `SendGate` (the jobs process passes one in PostgreSQL), both
 * stages also take the bot's and the chat's shared gate before a send goes, so the limits hold for
 * the bot whichever of N jobs processes sends. Each process still queues its own sends in memory
 * first, so at most one send per process and bot waits on the shared gate at a time.
 */
export interface TelegramRateLimits {
  /** Messages per second across all chats of one bot. */
  perBotPerSec: number;
  /** Messages per second to one private chat (positive chat id). */
  perPrivateChatPerSec: number;
  /** Messages per minute to one group or channel (negative chat id). */
  perGroupPerMin: number;
}

// A little under Telegram's figures: requests jitter on their way, and a 429 costs more than the
// few percent of throughput given up here.
export const DEFAULT_TELEGRAM_LIMITS: TelegramRateLimits = {
  perBotPerSec: 29,
  perPrivateChatPerSec: 1,
  perGroupPerMin: 20,
};

export type Acquired =
  /** Go ahead and send now. */
  | { acquired: true; waited_ms: number }
  /** The wait would exceed `maxWaitMs`: nothing was booked; try again at `retry_at` (epoch ms). */
  | { acquired: false; retry_at: number };

export interface AcquireOptions {
  /** Messages this send counts as (an album of 5 is 5 messages). Default 1. */
  cost?: number;
  /** Wait at most this long; beyond it nothing is booked and the caller reschedules. Default: no limit. */
  maxWaitMs?: number;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface BotGate {
  /** Settles when the previous send has passed the gate. */
  tail: Promise<void>;
  /** When the gate last let a send through (epoch ms) and what it counted as. */
  last: number;
  lastCost: number;
  /** Sends waiting at the gate, in messages. */
  queued: number;
}

export class TelegramRateLimiter {
  private readonly chatNext = new Map<string, number>();
  private readonly gates = new Map<string, BotGate>();

  constructor(
    private readonly limits: TelegramRateLimits = DEFAULT_TELEGRAM_LIMITS,
    private readonly clock: Clock = realClock,
    private readonly shared?: SendGate,
  ) {}

  /** Waits until a message to `chatId` may go out from bot `botKey`, or says when to try again. */
  async acquire(botKey: string | number, chatId: string | number, { cost = 1, maxWaitMs = Infinity }: AcquireOptions = {}): Promise<Acquired> {
    const start = this.clock.now();
    const chatKey = `${botKey}:${chatId}`;
    const chatAt = Math.max(start, this.chatNext.get(chatKey) ?? start);
    const gate = this.gate(String(botKey));
    const botWait = Math.max(0, gate.last + this.botInterval(gate.lastCost) - start) + this.botInterval(gate.queued);
    if (Math.max(chatAt - start, botWait) > maxWaitMs) {
      return { acquired: false, retry_at: Math.max(chatAt, start + botWait) };
    }
    this.chatNext.set(chatKey, chatAt + this.chatInterval(chatId) * cost);
    if (this.chatNext.size > 50_000) this.prune(start);

    if (chatAt > start) await this.clock.sleep(chatAt - start);
    if (this.shared) {
      // Another process may have sent to this chat meanwhile: its shared gate decides.
      const retryAt = await this.takeShared(`chat:${chatKey}`, this.chatInterval(chatId) * cost, start + maxWaitMs);
      if (retryAt !== null) return { acquired: false, retry_at: retryAt };
    }
    await this.passGate(gate, cost, String(botKey));
    // The chat's spacing counts from the send itself, not from when its turn was taken.
    if (this.shared) await this.shared.hold(`chat:${chatKey}`, this.chatInterval(chatId) * cost);
    return { acquired: true, waited_ms: this.clock.now() - start };
  }

  /**
   * Takes the shared gate `key` for `holdMs`, waiting while another process holds it; gives up (and
   * answers when to try again) when it would still be held at `deadline`. Null once taken.
   */
  private async takeShared(key: string, holdMs: number, deadline = Infinity): Promise<number | null> {
    for (;;) {
      const wait = await this.shared!.take(key, holdMs);
      if (wait === 0) return null;
      const now = this.clock.now();
      if (now + wait > deadline) return now + wait;
      await this.clock.sleep(wait);
    }
  }

  /**
   * The send to `chatId` has been answered: the chat's next slot counts from now. Telegram measures
   * the spacing when requests arrive, and a request can reach it later than its slot was taken (a
   * slow claim, a busy event loop); counting again from the answer keeps the next one a full
   * interval behind it.
   */
  async sent(botKey: string | number, chatId: string | number, cost = 1): Promise<void> {
    const key = `${botKey}:${chatId}`;
    const interval = this.chatInterval(chatId) * cost;
    this.chatNext.set(key, Math.max(this.chatNext.get(key) ?? 0, this.clock.now() + interval));
    if (this.shared) await this.shared.hold(`chat:${key}`, interval);
  }

  /** Telegram said 429 for this chat: nothing more goes to it before `retryAfterMs` has passed. */
  penalize(botKey: string | number, chatId: string | number, retryAfterMs: number): void {
    const key = `${botKey}:${chatId}`;
    this.chatNext.set(key, Math.max(this.chatNext.get(key) ?? 0, this.clock.now() + retryAfterMs));
  }

  private passGate(gate: BotGate, cost: number, botKey: string): Promise<void> {
    gate.queued += cost;
    const turn = gate.tail.then(async () => {
      try {
        const wait = gate.last + this.botInterval(gate.lastCost) - this.clock.now();
        if (wait > 0) await this.clock.sleep(wait);
        const passed = this.clock.now();
        // The bot's shared gate, held for as long as this send counts, whichever process took it before.
        // This process's spacing counts from before that round trip, so the database's latency
        // overlaps the interval instead of adding to it; the shared gate keeps the spacing exact.
        if (this.shared) await this.takeShared(`bot:${botKey}`, this.botInterval(cost));
        gate.last = this.shared ? passed : this.clock.now();
        gate.lastCost = cost;
      } finally {
        gate.queued -= cost;
      }
    });
    // A turn that failed (the shared gate unreachable) fails its own send only, never the ones behind it.
    gate.tail = turn.catch(() => {});
    return turn;
  }

  private gate(botKey: string): BotGate {
    let gate = this.gates.get(botKey);
    if (!gate) this.gates.set(botKey, (gate = { tail: Promise.resolve(), last: -Infinity, lastCost: 1, queued: 0 }));
    return gate;
  }

  private botInterval(cost: number) {
    return (1000 / this.limits.perBotPerSec) * cost;
  }

  private chatInterval(chatId: string | number): number {
    const isGroup = Number(chatId) < 0 || String(chatId).startsWith('@');
    return isGroup ? 60_000 / this.limits.perGroupPerMin : 1000 / this.limits.perPrivateChatPerSec;
  }

  /** A chat whose next slot is already in the past behaves exactly like a missing one. */
  private prune(now: number) {
    for (const [key, at] of this.chatNext) if (at <= now) this.chatNext.delete(key);
  }
}
