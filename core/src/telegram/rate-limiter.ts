import type { SendGate } from './send-gate.js';

/**
 * Outbound rate limits of one bot, as Telegram documents them: about 30 messages/s overall,
 * 1 message/s to the same private chat, 20 messages/minute to the same group.
 *
 * Two stages, both without bursts:
 * - per chat, slots are booked ahead (virtual scheduling): each send to a chat is at least
 *   `1/perPrivateChatPerSec` (or `60/perGroupPerMin` for groups) after the previous one; a chat that
 *   must wait never holds other chats back;
 * - per bot, a gate spaces the actual sends `1/perBotPerSec` apart, measured from when each send
 *   really went (less a timer's ordinary lateness of a few ms), so a late timer or a busy event loop
 *   can only slow sends down, never bunch them into a burst; and it lets a send go only while fewer
 *   than `perBotPerSec` went within the last second, counted until their answers when the caller
 *   reports them (a request held up on the way reaches Telegram late, together with later ones). No
 *   second therefore ever holds more than `perBotPerSec` sends.
 *
 * Across processes: given a shared `SendGate` (the jobs process passes one in PostgreSQL),
 * - a process sends for a bot only while it holds the bot's sending lease (a few seconds, renewed
 *   while it has sends and nobody else waits). Within the lease the spacing above is exact and local:
 *   no database round trip stands between a send's turn and its request. A process that ends its
 *   lease stops sending early enough that its last send's interval is over when the lease runs out,
 *   and the next holder starts no earlier than that, so the spacing holds across the hand-over too
 *   (the window of the last second is each process's own: a second across a hand-over may hold one
 *   send more than `perBotPerSec`, 30 at the default 29).
 *   Processes with sends for the same bot take turns; a process that dies holds the bot back only
 *   until its lease runs out;
 * - a send to a chat takes the chat's shared gate first (another process may have written to the
 *   chat within its interval), before it queues for the bot's turn.
 * The caller's `ready` step (claiming the message) runs a few turns ahead of the send, while its
 * turn is still being spaced, so it adds no delay between the turn and the request either.
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
  /** Go ahead and send now (`at`: the clock time the turn came). */
  | { acquired: true; waited_ms: number; at: number }
  /** The wait would exceed `maxWaitMs`: nothing was booked (or the turn did not come in time); try again at `retry_at` (epoch ms). */
  | { acquired: false; retry_at: number }
  /** The caller's `ready` step said no (the message is not this sender's to send): no turn was used. */
  | { acquired: false; declined: true };

export interface AcquireOptions {
  /** Messages this send counts as (an album of 5 is 5 messages). Default 1. */
  cost?: number;
  /** Wait at most this long; beyond it nothing is booked and the caller reschedules. Default: no limit. */
  maxWaitMs?: number;
  /**
   * Runs shortly before the turn (while the bot's lease is held for it): false gives the turn up.
   * Its time overlaps the spacing of the sends before it instead of delaying the request.
   */
  ready?: () => Promise<boolean>;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface SharedOptions {
  /** How long a process holds a bot's sending lease at a time (the turn length when processes share a bot). */
  leaseMs?: number;
  /** This process's name in the leases; unique per limiter by default. */
  holder?: string;
  /**
   * The caller reports every answered send through `answered()` (and a request never takes longer than
   * this): then no more than `perBotPerSec` sends of a bot are answered, or unanswered, within any
   * second (see `windowFree`).
   */
  answerTimeoutMs?: number;
}

const DEFAULT_SEND_LEASE_MS = 3_000;
/** The `ready` step (the claim) of a send starts this many intervals before its turn (the sends after a 429 are at most those already claimed), so its round trip overlaps the spacing. */
const READY_LEAD_INTERVALS = 1.5;
/** A process waiting for another's lease asks again at least this often (the holder may let it go early). */
const WAITING_POLL_MS = 50;
/** A send this much later than its turn still counts from its turn (a timer's ordinary lateness); see pump. */
const LATENESS_CREDIT_MS = 10;
/** While a send not yet answered holds the next one back, the pump looks again this often. */
const ANSWER_POLL_MS = 2;
/** A lease being let go waits at most this long for its sends' answers (the next holder takes an unsettled lease this long after its end). */
const SETTLE_MAX_MS = 1_000;
/** A process idle this long lets its lease of the bot go, so another process need not wait for it to run out. */
const IDLE_RELEASE_MS = 50;

interface Waiter {
  cost: number;
  /** Clock time after which the waiter gives up its place. */
  deadline: number;
  ready?: () => Promise<boolean>;
  readyResult?: Promise<boolean>;
  /** When the gate let it through (clock ms). */
  at?: number;
  settle: (outcome: 'go' | 'late' | 'declined' | Error) => void;
}

interface BotGate {
  key: string;
  queue: Waiter[];
  pumping: boolean;
  /** When the gate last let a send through (clock ms) and what it counted as. */
  last: number;
  lastCost: number;
  /** Until when (clock ms) this process holds the bot's lease: Infinity without a shared gate. */
  leaseEnd: number;
  /** No renewal before this time: the holder was told another process is next. */
  renewAfter: number;
  renewing?: Promise<void>;
  /** When another process's lease is expected to end (for the wait estimate). */
  busyUntil: number;
  /** This process asked for the lease and may be next in line. */
  waiting: boolean;
  /** A release is scheduled for when the bot stays idle. */
  releasing: boolean;
  /** This process took the lease since it last let it go: it must settle it (see settle). */
  unsettled: boolean;
  /** The lease is being let go once this process's sends are answered. */
  settling?: Promise<void>;
  /** Telegram asked the bot to wait until then (clock ms). */
  pausedUntil: number;
  /**
   * Sends of the last second: when each went, what it counted as, and when it was answered (Infinity:
   * not yet; its send time without `answerTimeoutMs`); `by` names the process of a send heard of with the lease.
   */
  answers: Array<{ at: number; cost: number; answered: number; by?: string }>;
}

export class TelegramRateLimiter {
  private readonly chatNext = new Map<string, number>();
  private readonly gates = new Map<string, BotGate>();
  private readonly leaseMs: number;
  private readonly holder: string;
  private readonly answerTimeoutMs: number | undefined;

  constructor(
    private readonly limits: TelegramRateLimits = DEFAULT_TELEGRAM_LIMITS,
    private readonly clock: Clock = realClock,
    private readonly shared?: SendGate,
    options: SharedOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_SEND_LEASE_MS;
    this.holder = options.holder ?? `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
    this.answerTimeoutMs = options.answerTimeoutMs;
  }

  /** Waits until a message to `chatId` may go out from bot `botKey`, or says when to try again. */
  async acquire(botKey: string | number, chatId: string | number, { cost = 1, maxWaitMs = Infinity, ready }: AcquireOptions = {}): Promise<Acquired> {
    const start = this.clock.now();
    const chatKey = `${botKey}:${chatId}`;
    const before = this.chatNext.get(chatKey);
    const chatAt = Math.max(start, before ?? start);
    const gate = this.gate(String(botKey));
    const botWait = this.botWait(gate, start);
    if (Math.max(chatAt - start, botWait) > maxWaitMs) {
      return { acquired: false, retry_at: Math.max(chatAt, start + botWait) };
    }
    const booked = chatAt + this.chatInterval(chatId) * cost;
    this.chatNext.set(chatKey, booked);
    if (this.chatNext.size > 50_000) this.prune(start);
    // A turn not used gives the chat's slot back (unless a later booking followed it).
    const unbook = () => {
      if (this.chatNext.get(chatKey) !== booked) return;
      if (before === undefined) this.chatNext.delete(chatKey);
      else this.chatNext.set(chatKey, before);
    };

    if (chatAt > start) await this.clock.sleep(chatAt - start);
    if (this.shared) {
      // Another process may have sent to this chat meanwhile: its shared gate decides.
      const retryAt = await this.takeShared(`chat:${chatKey}`, this.chatInterval(chatId) * cost, start + maxWaitMs);
      if (retryAt !== null) {
        unbook();
        return { acquired: false, retry_at: retryAt };
      }
    }
    let waiter: Waiter | undefined;
    const outcome = await new Promise<'go' | 'late' | 'declined' | Error>((settle) => {
      waiter = { cost, deadline: start + maxWaitMs, ...(ready ? { ready } : {}), settle };
      gate.queue.push(waiter);
      void this.pump(gate);
    });
    // A `ready` step already under way is let finish, so whatever the caller does next comes after it.
    if (outcome !== 'go') await waiter?.readyResult?.catch(() => false);
    if (outcome instanceof Error) {
      unbook();
      throw outcome;
    }
    if (outcome === 'declined') {
      unbook();
      return { acquired: false, declined: true };
    }
    if (outcome === 'late') {
      unbook();
      const now = this.clock.now();
      return { acquired: false, retry_at: now + Math.max(1, this.botWait(gate, now)) };
    }
    const at = waiter?.at ?? this.clock.now();
    // The chat's spacing counts from the send itself; written behind the request, never before it.
    if (this.shared) this.shared.hold(`chat:${chatKey}`, this.chatInterval(chatId) * cost).catch(() => {});
    return { acquired: true, waited_ms: at - start, at };
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

  /**
   * A send of the bot was answered, whatever the answer (or its request failed): with
   * `answerTimeoutMs`, it counts in the bot's window of the last second until now (see windowFree).
   */
  answered(botKey: string | number): void {
    // Answers come back in any order; which send's entry takes this one does not change the window's count.
    const waiting = this.gates.get(String(botKey))?.answers.find((entry) => entry.answered === Infinity);
    if (waiting) waiting.answered = this.clock.now();
  }

  /** The bot is paused (Telegram said 429 to one of its sends): nothing of it goes before `untilMs` (clock ms). */
  pause(botKey: string | number, untilMs: number): void {
    const gate = this.gate(String(botKey));
    gate.pausedUntil = Math.max(gate.pausedUntil, untilMs);
  }

  /** Telegram said 429 for this chat: nothing more goes to it before `retryAfterMs` has passed. */
  penalize(botKey: string | number, chatId: string | number, retryAfterMs: number): void {
    const key = `${botKey}:${chatId}`;
    this.chatNext.set(key, Math.max(this.chatNext.get(key) ?? 0, this.clock.now() + retryAfterMs));
  }

  /** How long a send queued now would wait for the bot's turn: the sends ahead of it, and another process's lease. */
  private botWait(gate: BotGate, now: number): number {
    const queued = gate.queue.reduce((sum, w) => sum + w.cost, 0);
    const free = Math.max(now, gate.last + this.botInterval(gate.lastCost), gate.pausedUntil, gate.leaseEnd > now ? now : gate.busyUntil);
    return free - now + this.botInterval(queued);
  }

  /**
   * Lets a bot's queued sends through one at a time, each at least its interval after the previous
   * one's actual time, while this process holds the bot's lease for the whole interval of the send.
   */
  private async pump(gate: BotGate): Promise<void> {
    if (gate.pumping) return;
    gate.pumping = true;
    // The turn the pump last slept for: a send that goes late for it counts from the turn (see below).
    let turn: number | undefined;
    try {
      while (gate.queue.length > 0) {
        const now = this.clock.now();
        for (const waiter of gate.queue.filter((w) => w.deadline < now)) {
          gate.queue.splice(gate.queue.indexOf(waiter), 1);
          waiter.settle('late');
        }
        const head = gate.queue[0];
        if (!head) break;
        const window = this.windowFree(gate, head.cost, now);
        const due = Math.max(now, gate.last + this.botInterval(gate.lastCost), gate.pausedUntil, window.at);
        if (due + this.botInterval(head.cost) > gate.leaseEnd && due <= now + this.botInterval(READY_LEAD_INTERVALS)) {
          let wait: number;
          try {
            wait = await this.takeLease(gate, due + this.botInterval(head.cost));
          } catch (error) {
            // The shared gate is unreachable: this send fails, the ones behind it try again.
            gate.queue.shift();
            head.settle(error instanceof Error ? error : new Error(String(error)));
            continue;
          }
          if (wait > 0) await this.clock.sleep(Math.max(1, Math.min(wait, this.earliestDeadline(gate) - this.clock.now() + 1)));
          continue;
        }
        this.readyAhead(gate, due);
        if (head.readyResult) {
          let ok: boolean;
          try {
            ok = await head.readyResult;
          } catch (error) {
            gate.queue.splice(gate.queue.indexOf(head), 1);
            head.settle(error instanceof Error ? error : new Error(String(error)));
            continue;
          }
          gate.queue.shift();
          if (!ok) {
            head.settle('declined');
            continue;
          }
          // Ready: back at the head, without the step, and everything (the lease, the time) looked at again.
          head.ready = undefined;
          head.readyResult = undefined;
          gate.queue.unshift(head);
          continue;
        }
        const wait = due - this.clock.now();
        if (wait > 0) {
          // Held back by a send not yet answered: its answer may come any moment.
          const poll = window.unanswered && due === window.at;
          turn = poll ? undefined : due;
          // A long wait (a paused bot) ends early for a send that gives up meanwhile.
          await this.clock.sleep(Math.max(1, Math.min(poll ? ANSWER_POLL_MS : wait, wait, this.earliestDeadline(gate) - this.clock.now() + 1)));
          continue;
        }
        gate.queue.shift();
        // Spaced from when the send really went, less the lateness of the timer it waited on, up to
        // LATENESS_CREDIT_MS: a send a few ms late does not push every later one back (without the credit,
        // 29 sends a second set came out as 28), while a stall still does. The window of the last second
        // (windowFree) keeps a gap shortened by the credit from ever making more than the limit in a second.
        head.at = this.clock.now();
        gate.last = head.at - (turn === undefined ? 0 : Math.min(LATENESS_CREDIT_MS, Math.max(0, head.at - turn)));
        turn = undefined;
        gate.lastCost = head.cost;
        // Without reported answers, a send counts in the window from when it went.
        gate.answers.push({ at: head.at, cost: head.cost, answered: this.answerTimeoutMs === undefined ? head.at : Infinity });
        head.settle('go');
        if (this.shared && gate.leaseEnd - gate.last < this.leaseMs / 2 && gate.last >= gate.renewAfter) this.renew(gate);
      }
    } finally {
      gate.pumping = false;
    }
    if (this.shared) this.releaseWhenIdle(gate);
  }

  /**
   * When a send of `cost` may go as far as the last second allows: no more than `perBotPerSec` in any
   * second, counted where Telegram could count them. It counts a request when it arrives, somewhere
   * between its send and its answer: with `answerTimeoutMs` (answers reported through `answered()`), a send
   * counts until its answer (a not yet answered one until it is, or until the timeout); without, from
   * when it went. The spacing alone would let a stall bunch requests: those held up on the way arrive
   * together with the ones sent after them (and their answers come late too).
   */
  private windowFree(gate: BotGate, cost: number, now: number): { at: number; unanswered: boolean } {
    // The sends still in the window, earliest counted out first (their order is not used elsewhere).
    const open = (gate.answers = gate.answers.filter((entry) => this.countsOut(entry) > now - 1000).sort((a, b) => this.countsOut(a) - this.countsOut(b)));
    let over = open.reduce((sum, entry) => sum + entry.cost, cost) - this.limits.perBotPerSec;
    for (const entry of open) {
      if (over <= 0) break;
      over -= entry.cost;
      if (over <= 0) return { at: this.countsOut(entry) + 1000, unanswered: entry.answered === Infinity };
    }
    return { at: -Infinity, unanswered: false };
  }

  /** When a send stops counting in the window: at its answer (or its request's timeout) when answers are reported, else when it went. */
  private countsOut(entry: { at: number; answered: number }): number {
    return Math.min(entry.answered, entry.at + (this.answerTimeoutMs ?? 0));
  }

  private earliestDeadline(gate: BotGate): number {
    return gate.queue.reduce((earliest, w) => Math.min(earliest, w.deadline), Infinity);
  }

  /**
   * Starts the `ready` step of the sends whose turns are near and within the lease. Only near: a
   * claim says the bot is not paused, and a 429 seen meanwhile must stop the sends claimed before it.
   */
  private readyAhead(gate: BotGate, due: number) {
    const lead = this.clock.now() + this.botInterval(READY_LEAD_INTERVALS);
    let at = due;
    for (const waiter of gate.queue) {
      if (at + this.botInterval(waiter.cost) > gate.leaseEnd || at > lead) break;
      if (waiter.ready && !waiter.readyResult) waiter.readyResult = waiter.ready();
      // Observed here so an early failure is not reported as unhandled; the pump reads it when the turn comes.
      waiter.readyResult?.catch(() => {});
      at += this.botInterval(waiter.cost);
    }
  }

  /**
   * Makes sure this process holds the bot's lease until `needed` (clock ms): 0 when it does, or how
   * long to wait before asking again.
   */
  private async takeLease(gate: BotGate, needed: number): Promise<number> {
    if (gate.renewing) await gate.renewing;
    if (gate.settling) await gate.settling;
    if (needed <= gate.leaseEnd) return 0;
    const asked = this.clock.now();
    if (asked < gate.leaseEnd && asked < gate.renewAfter) {
      // Another process is next: this lease is not renewed, and its rest is too short for this send.
      // It goes to the other process once the sends made in it are answered, and nothing more is sent in it.
      const rest = gate.leaseEnd - asked + 1;
      gate.leaseEnd = -Infinity;
      this.settle(gate);
      return rest;
    }
    const answer = await this.shared!.lease(`bot:${gate.key}`, this.holder, this.leaseMs, this.answerTimeoutMs !== undefined);
    if (!answer.held) {
      gate.leaseEnd = -Infinity;
      gate.busyUntil = asked + answer.ms;
      gate.waiting = true;
      // A lease of this process that ran out while another waited is let go as soon as its sends are answered.
      this.settle(gate);
      // Asked again before then too: a holder with nothing more to send lets the lease go early.
      return Math.max(1, Math.min(answer.ms, WAITING_POLL_MS));
    }
    gate.waiting = false;
    gate.busyUntil = 0;
    this.held(gate, asked, answer);
    return needed <= gate.leaseEnd ? 0 : Math.max(1, gate.leaseEnd - this.clock.now() + 1);
  }

  /**
   * The lease is this process's from `asked` (clock ms) for `ms`. Taken over from another process, it
   * comes with that process's sends of the last second: this window starts with them, so a second
   * across the hand-over holds no more than the limit either. Both sides err towards waiting: the
   * lease counts from before the call, and the sends' "ago" (read when PostgreSQL ran it) from when
   * the answer came back, so a slow call shortens the lease rather than the window.
   */
  private held(gate: BotGate, asked: number, answer: { ms: number; recent: Array<{ ago: number; by: string }> }) {
    gate.leaseEnd = asked + answer.ms;
    gate.unsettled = true;
    if (answer.ms < this.leaseMs) gate.renewAfter = gate.leaseEnd;
    const heard = this.clock.now();
    for (const { ago, by } of answer.recent) gate.answers.push({ at: heard - ago, cost: 1, answered: heard - ago, by });
  }

  /**
   * Lets the lease go (or this process's place in line, with `leave`) once every send made in it is
   * answered (or its request timed out), telling the next holder when each of the last second's sends
   * counts out. Until then another process does not take the bot: a request held up on its way would
   * otherwise reach Telegram together with the next holder's first sends.
   */
  private settle(gate: BotGate, leave = false) {
    if (gate.settling || !(gate.unsettled || leave)) return;
    gate.unsettled = false;
    gate.settling = (async () => {
      const timeout = this.answerTimeoutMs;
      if (timeout !== undefined) {
        // At most a second: a request hanging longer holds neither this process nor the next one back
        // further (it is passed on as counting from now), as for a holder that died.
        const until = this.clock.now() + SETTLE_MAX_MS;
        const unanswered = () => gate.answers.some((entry) => entry.answered === Infinity && entry.at + timeout > this.clock.now());
        while (unanswered() && this.clock.now() < until) await this.clock.sleep(ANSWER_POLL_MS);
      }
      const now = this.clock.now();
      const afterMs = Math.max(0, gate.last + this.botInterval(gate.lastCost) - now);
      const recent = gate.answers.flatMap((entry) => {
        const ago = now - this.countsOut(entry);
        return ago < 1000 ? Array.from({ length: entry.cost }, () => ({ ago: Math.max(0, ago), by: entry.by ?? this.holder })) : [];
      });
      await this.shared!.release(`bot:${gate.key}`, this.holder, afterMs, recent);
    })()
      // Not let go: the lease runs out, and a second later the next process takes it anyway.
      .catch(() => {})
      .finally(() => {
        gate.settling = undefined;
      });
  }

  /** Extends the lease in the background while sends keep going; an answer that it is not extended ends it on time. */
  private renew(gate: BotGate) {
    if (gate.renewing || gate.settling) return;
    const asked = this.clock.now();
    gate.renewing = this.shared!.lease(`bot:${gate.key}`, this.holder, this.leaseMs, this.answerTimeoutMs !== undefined)
      .then((answer) => {
        if (!answer.held) {
          gate.leaseEnd = -Infinity;
          this.settle(gate);
          return;
        }
        this.held(gate, asked, answer);
      })
      .catch(() => {
        // Not extended: the lease runs to its end and the pump asks again then.
      })
      .finally(() => {
        gate.renewing = undefined;
      });
  }

  /** A process with nothing more to send for the bot lets the lease go (after its last send's interval), or leaves the line. */
  private releaseWhenIdle(gate: BotGate) {
    if ((gate.leaseEnd <= this.clock.now() && !gate.waiting && !gate.unsettled) || gate.releasing) return;
    gate.releasing = true;
    void this.clock.sleep(IDLE_RELEASE_MS).then(() => {
      gate.releasing = false;
      if (gate.pumping || gate.queue.length > 0 || gate.renewing) return;
      const leave = gate.waiting;
      gate.leaseEnd = -Infinity;
      gate.renewAfter = 0;
      gate.waiting = false;
      // Taking the lease again waits for this, so a late release can never cut a fresh lease short.
      this.settle(gate, leave);
    });
  }

  private gate(botKey: string): BotGate {
    let gate = this.gates.get(botKey);
    if (!gate) {
      gate = {
        key: botKey,
        queue: [],
        pumping: false,
        last: -Infinity,
        lastCost: 1,
        leaseEnd: this.shared ? -Infinity : Infinity,
        renewAfter: 0,
        busyUntil: 0,
        waiting: false,
        releasing: false,
        unsettled: false,
        pausedUntil: 0,
        answers: [],
      };
      this.gates.set(botKey, gate);
    }
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
