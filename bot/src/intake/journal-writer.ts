import { QueryTypes, type Sequelize } from '@crm/database';
import { storable } from './storable.js';

interface Entry {
  org_id: number;
  bot_id: number;
  update: { update_id: number };
  resolve: (result: { id: number | null; inserted: boolean }) => void;
  reject: (error: unknown) => void;
}

/**
 * Journals webhook updates with group commit: updates that arrive while a write is in flight are
 * stored together in one multi-row INSERT (one WAL flush instead of one per update). Nobody waits
 * for a timer: a lone update is written at once, and each caller still gets its answer only after
 * its own row is committed. A failing batch is retried row by row, so one bad row fails alone.
 */
export class JournalWriter {
  private queued: Entry[] = [];
  private writing = 0;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly maxParallel = 2,
    private readonly maxBatch = 200,
  ) {}

  /** Writes are queueing behind in-flight ones: a burst is arriving. */
  get busy(): boolean {
    return this.queued.length > 0;
  }

  write(entry: Omit<Entry, 'resolve' | 'reject'>): Promise<{ id: number | null; inserted: boolean }> {
    return new Promise((resolve, reject) => {
      this.queued.push({ ...entry, resolve, reject });
      if (this.writing < this.maxParallel) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    if (this.writing >= this.maxParallel || this.queued.length === 0) return;
    const batch = this.queued.splice(0, this.maxBatch);
    this.writing += 1;
    void this.insert(batch)
      .catch(async () => {
        for (const entry of batch) await this.insert([entry]).catch(entry.reject);
      })
      .finally(() => {
        this.writing -= 1;
        this.flush();
      });
  }

  private async insert(batch: Entry[]): Promise<void> {
    const bind: unknown[] = [];
    const values = batch.map((e) => {
      bind.push(e.org_id, e.bot_id, e.update.update_id, JSON.stringify(storable(e.update)));
      const n = bind.length;
      return `($${n - 3}, $${n - 2}, $${n - 1}, $${n}::jsonb)`;
    });
    const rows = await this.sequelize.query<{ id: number; bot_id: number; update_id: number }>(
      `INSERT INTO telegram_updates (org_id, bot_id, update_id, payload) VALUES ${values.join(', ')}
       ON CONFLICT (bot_id, update_id) DO NOTHING RETURNING id, bot_id, update_id`,
      { bind, type: QueryTypes.SELECT },
    );
    const ids = new Map(rows.map((r) => [`${r.bot_id}/${r.update_id}`, r.id]));
    for (const e of batch) {
      const key = `${e.bot_id}/${e.update.update_id}`;
      const id = ids.get(key);
      // The same update twice in one batch: the first caller gets the row, the second is a duplicate.
      ids.delete(key);
      e.resolve({ id: id ?? null, inserted: id !== undefined });
    }
  }
}
