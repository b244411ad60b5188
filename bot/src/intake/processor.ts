import { retryTransient, type Sequelize } from '@crm/database';
import type { Logger } from '@crm/core';
import { claimUpdates, failUpdate, finishUpdates, openUpdates, releaseUpdates, UPDATE_LEASE_MS, type ClaimedUpdate } from './journal.js';

export type UpdateHandler = (update: { update_id: number }) => Promise<void>;

/** What the processor works for: the organizations whose bots run here, and each one's handler. */
export interface UpdateSource {
  orgIds(): number[];
  handlerFor(orgId: number): UpdateHandler | undefined;
}

export interface ProcessorOptions {
  /** Updates handled at once (each of a different chat). */
  concurrency?: number;
  leaseMs?: number;
}

/**
 * Processes the journal shared by every bot replica. Updates are claimed in batches (one statement
 * for many, see claimUpdates), handled side by side — never two of one chat at a time, and a chat's
 * in Telegram's order, which the claim itself guarantees across replicas — and marked done in
 * batches too. Nothing is held in memory beyond a batch: whatever is not claimed stays pending in
 * the journal, where any replica can take it, so a burst costs latency, never memory or updates.
 */
export class UpdateProcessor {
  private readonly ready: ClaimedUpdate[] = [];
  private active = 0;
  private claiming = false;
  /** Updates may be waiting to be claimed. */
  private more = false;
  private stopped = false;
  private readonly finished: number[] = [];
  private finishing = false;
  private idle: Array<() => void> = [];
  private readonly concurrency: number;
  private readonly leaseMs: number;
  /** True while intake is under pressure: processing then yields half of its share of the database to it. */
  busy: (() => boolean) | null = null;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly logger: Logger,
    private readonly source: UpdateSource,
    options: ProcessorOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 64;
    this.leaseMs = options.leaseMs ?? UPDATE_LEASE_MS;
  }

  /** Updates were journaled (or may have become due): claim what can be taken. */
  kick(): void {
    this.more = true;
    this.pump();
  }

  /**
   * Claims updates that are due a (re)try besides the pending ones: failed with attempts left, or
   * abandoned by a holder whose lease ran out, once they are `olderThanMs` old. Returns how many it took.
   */
  async sweep({ olderThanMs = 5_000 } = {}): Promise<number> {
    if (this.stopped) return 0;
    const { updates: rows } = await claimUpdates(this.sequelize, this.source.orgIds(), {
      limit: this.batchSize(),
      leaseMs: this.leaseMs,
      retryOlderThanMs: olderThanMs,
    });
    if (this.stopped) {
      await this.release(rows);
      return 0;
    }
    this.ready.push(...rows);
    this.kick();
    return rows.length;
  }

  /** Claimed or running here. */
  get pending(): number {
    return this.active + this.ready.length;
  }

  /**
   * Resolves when nothing is claimed or running here and no update of these bots waits in the
   * journal (another replica may still be finishing one: then this waits for it too).
   */
  async drain(): Promise<void> {
    for (;;) {
      await this.settled();
      if (this.stopped || (await openUpdates(this.sequelize, this.source.orgIds())) === 0) return;
      this.kick();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Shutdown: claimed updates not yet started go back to the journal (the next process takes them); running ones finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.release(this.ready.splice(0));
    await this.settled();
  }

  private async release(updates: ClaimedUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    await retryTransient(() =>
      releaseUpdates(
        this.sequelize,
        updates.map((update) => update.id),
      ),
    ).catch((err: unknown) => this.logger.error({ err }, 'claimed updates not released; their lease runs out instead'));
  }

  private batchSize(): number {
    return this.concurrency * 2;
  }

  private settled(): Promise<void> {
    if (this.quiet()) return Promise.resolve();
    return new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private quiet(): boolean {
    return this.active === 0 && this.ready.length === 0 && !this.claiming && !this.finishing && this.finished.length === 0 && (!this.more || this.stopped);
  }

  private pump(): void {
    const limit = this.busy?.() ? Math.max(1, this.concurrency >> 1) : this.concurrency;
    while (this.active < limit && this.ready.length > 0) this.start(this.ready.shift()!);
    // Claimed a batch ahead, and again once half the concurrency is left of it: claims stay batches.
    const room = this.batchSize() - this.active - this.ready.length;
    const wanted = this.more && !this.stopped;
    if (wanted && !this.claiming && room >= Math.ceil(this.concurrency / 2)) this.claim(room);
    // Updates processed while more are being claimed are marked done by the next claim; with none to
    // claim (or a claim not due yet and none running to make it due), by a statement of their own.
    else if (this.finished.length > 0 && !this.claiming && !this.finishing && (!wanted || this.active === 0)) this.flushFinished();
    if (this.quiet()) for (const resolve of this.idle.splice(0)) resolve();
  }

  private claim(limit: number): void {
    this.more = false;
    this.claiming = true;
    const done = this.finished.splice(0);
    claimUpdates(this.sequelize, this.source.orgIds(), { limit, leaseMs: this.leaseMs, done })
      .then(
        async ({ updates, followed }) => {
          // A later update of a finished chat may be taken now.
          if (followed) this.more = true;
          if (this.stopped) return this.release(updates);
          this.ready.push(...updates);
          // A full batch: more may be waiting behind it.
          if (updates.length === limit) this.more = true;
        },
        (err: unknown) => {
          // The journal keeps them: the periodic sweep or the next update takes them. The finished
          // ones are marked done by a statement of their own.
          this.finished.push(...done);
          this.logger.error({ err }, 'journal unavailable; updates stay pending');
        },
      )
      .finally(() => {
        this.claiming = false;
        this.pump();
      });
  }

  private start(update: ClaimedUpdate): void {
    this.active += 1;
    void this.run(update).finally(() => {
      this.active -= 1;
      this.pump();
    });
  }

  private async run(update: ClaimedUpdate): Promise<void> {
    const handler = this.source.handlerFor(update.org_id);
    try {
      if (!handler) {
        await retryTransient(() => releaseUpdates(this.sequelize, [update.id]));
        this.more = true;
        return;
      }
      let failure: unknown;
      try {
        await handler(update.payload);
      } catch (error) {
        failure = error ?? new Error('update handler failed');
        this.logger.error(
          { err: error, journal_id: update.id, update_id: update.payload.update_id, attempt: update.attempts },
          'update processing failed; kept for retry',
        );
      }
      // The outcome is written even across a database restart: an update left 'processing' would only be
      // taken again after its lease, and then its work would be done twice.
      if (failure === undefined) return this.finish(update.id);
      await retryTransient(() => failUpdate(this.sequelize, update.id, failure));
      // A failed update waits for the sweep; the chat's next one need not.
      this.more = true;
    } catch (error) {
      this.logger.error({ err: error, journal_id: update.id }, 'journal unavailable; the update is taken again after its lease');
    }
  }

  /** Processed: marked done with the next claim, or on its own (see pump). */
  private finish(id: number): void {
    this.finished.push(id);
  }

  /** Marks the finished updates done, in one statement: those finished meanwhile go with the next. */
  private flushFinished(): void {
    this.finishing = true;
    void (async () => {
      const ids = this.finished.splice(0);
      // A later update of a finished chat may be taken now.
      const followed = await retryTransient(() => finishUpdates(this.sequelize, ids)).catch((err: unknown) => {
        this.logger.error({ err, updates: ids.length }, 'updates processed but not marked done; taken again after their lease');
        return false;
      });
      if (followed) this.more = true;
      this.finishing = false;
      this.pump();
    })();
  }
}
