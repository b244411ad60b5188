import { retryTransient, type Sequelize } from '@crm/database';
import type { Logger } from '@crm/core';
import { claimUpdate, finishUpdate, UPDATE_LEASE_MS } from './journal.js';

export type UpdateHandler = (update: { update_id: number }) => Promise<void>;

/**
 * Runs journaled updates through their bot with bounded concurrency. When the in-memory queue is
 * full the update simply stays pending in the journal and the periodic sweep takes it later, so a
 * burst costs latency, never memory or updates.
 */
export class UpdateProcessor {
  private readonly waiting: Array<{ id: number; handler: UpdateHandler }> = [];
  private readonly inflight = new Set<number>();
  private active = 0;
  private idle: Array<() => void> = [];
  private overflowed = false;
  /** Called when the queue has room again after updates were left in the journal. */
  onRoom: (() => void) | null = null;
  /** True while intake is under pressure: processing then runs one update at a time, intake first. */
  busy: (() => boolean) | null = null;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly logger: Logger,
    private readonly concurrency = 4,
    private readonly maxWaiting = 2_000,
    private readonly leaseMs = UPDATE_LEASE_MS,
  ) {}

  /** Queues a journaled update; false when it was left for the sweep (queue full or already queued). */
  submit(id: number, handler: UpdateHandler): boolean {
    if (this.inflight.has(id)) return false;
    if (this.waiting.length >= this.maxWaiting) {
      this.overflowed = true;
      return false;
    }
    this.inflight.add(id);
    this.waiting.push({ id, handler });
    this.pump();
    return true;
  }

  /** More journaled updates wait than were taken: sweep again as soon as there is room. */
  markBacklog(): void {
    this.overflowed = true;
  }

  get pending(): number {
    return this.inflight.size;
  }

  /** Shutdown: queued updates stay pending in the journal (the next process takes them); running ones finish. */
  async stop(): Promise<void> {
    for (const { id } of this.waiting.splice(0)) this.inflight.delete(id);
    await this.drain();
  }

  /** Resolves when everything submitted so far has finished. */
  async drain(): Promise<void> {
    if (this.inflight.size === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    const limit = this.busy?.() ? 1 : this.concurrency;
    while (this.active < limit && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      this.active += 1;
      void this.run(next.id, next.handler).finally(() => {
        this.active -= 1;
        this.inflight.delete(next.id);
        this.pump();
        if (this.overflowed && this.waiting.length < this.maxWaiting / 2) {
          this.overflowed = false;
          this.onRoom?.();
        }
        if (this.inflight.size === 0) for (const resolve of this.idle.splice(0)) resolve();
      });
    }
  }

  private async run(id: number, handler: UpdateHandler): Promise<void> {
    const log = this.logger.child({ journal_id: id });
    try {
      const claimed = await claimUpdate(this.sequelize, id, this.leaseMs);
      if (!claimed) return;
      // The outcome is written even across a database restart: an update left 'processing' would only be
      // taken again after minutes, and then its work would be done twice.
      const finish = (outcome?: unknown) => retryTransient(() => finishUpdate(this.sequelize, id, outcome));
      let failure: unknown;
      try {
        await handler(claimed.payload);
      } catch (error) {
        failure = error ?? new Error('update handler failed');
        log.error({ err: error, update_id: claimed.payload.update_id, attempt: claimed.attempts }, 'update processing failed; kept for retry');
      }
      await finish(failure);
    } catch (error) {
      log.error({ err: error }, 'journal unavailable; the sweep will retry the update');
    }
  }
}
