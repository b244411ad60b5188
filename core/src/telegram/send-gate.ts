import { QueryTypes, type Sequelize } from '@crm/database';

/**
 * What every jobs process shares so that Telegram's limits hold for a bot whichever process sends:
 * - per chat, a gate: one row in `telegram_send_gates` with the time it is free again. Taking it is
 *   one statement that either moves that time forward from now (the send goes) or answers how long
 *   until it frees;
 * - per bot, a sending lease (`telegram_send_leases`): one process at a time sends for the bot, for
 *   a few seconds, and processes with work for the bot take turns.
 * The times are the database's, the same clock for every process.
 */
export interface SendGate {
  /** Takes the gate `key` for `holdMs` when it is free: 0. Otherwise the ms until it frees (nothing changes). */
  take(key: string, holdMs: number): Promise<number>;
  /** Keeps the gate `key` held for at least `holdMs` from now (measured from the send rather than from the take). */
  hold(key: string, holdMs: number): Promise<void>;
  /**
   * Takes or renews the sending lease `key` for `holder`. Held: the holder may send for `ms` from when
   * the call was made (less than asked when another process is next in line), and `recent` are the
   * previous holder's sends of the last second (ms ago, one per message) when the lease came from
   * another process. Not held: another process holds it (or has not yet settled it), and it may be
   * free in `ms`; the caller is then next in line. A holder that `settles` its leases holds each one
   * until it lets it go with `release` (or until a second after its end, should it die).
   */
  lease(key: string, holder: string, leaseMs: number, settles?: boolean): Promise<{ held: boolean; ms: number; recent: Array<{ ago: number; by: string }> }>;
  /**
   * The holder lets the lease go `afterMs` from now (once its last send's interval is over), settled,
   * with when the sends of the last second count out (`recent`: ms ago, and whose send each was,
   * the holder's own or one it heard of); a waiter gives up its place in line.
   */
  release(key: string, holder: string, afterMs: number, recent?: Array<{ ago: number; by: string }>): Promise<void>;
}

export function postgresSendGate(sequelize: Sequelize): SendGate {
  return {
    async take(key, holdMs) {
      const [row] = await sequelize.query<{ wait_ms: number }>(
        `
        WITH taken AS (
          INSERT INTO telegram_send_gates AS g (key, free_at) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
          ON CONFLICT (key) DO UPDATE SET free_at = clock_timestamp() + $2 * interval '1 millisecond'
            WHERE g.free_at <= clock_timestamp()
          RETURNING 0::float8 AS wait_ms)
        SELECT wait_ms FROM taken
        UNION ALL
        SELECT GREATEST(1, extract(epoch FROM free_at - clock_timestamp()) * 1000)::float8 FROM telegram_send_gates
         WHERE key = $1 AND NOT EXISTS (SELECT 1 FROM taken)`,
        { bind: [key, holdMs], type: QueryTypes.SELECT },
      );
      // No row at all: another process inserted the key between the two reads; it is taken, for a moment.
      return row ? Number(row.wait_ms) : 1;
    },
    async hold(key, holdMs) {
      await sequelize.query(`UPDATE telegram_send_gates SET free_at = GREATEST(free_at, clock_timestamp() + $2 * interval '1 millisecond') WHERE key = $1`, {
        bind: [key, holdMs],
      });
    },
    async lease(key, holder, leaseMs, settles = false) {
      const [row] = await sequelize.query<{ held: boolean; ms: number; recent_ms: number[] | null; recent_by: string[] | null }>(
        'SELECT held, ms, recent_ms, recent_by FROM telegram_send_lease($1, $2, $3, $4)',
        { bind: [key, holder, leaseMs, settles], type: QueryTypes.SELECT },
      );
      const by = row?.recent_by ?? [];
      return { held: Boolean(row?.held), ms: Number(row?.ms ?? 50), recent: (row?.recent_ms ?? []).map((ago, i) => ({ ago: Number(ago), by: by[i]! })) };
    },
    async release(key, holder, afterMs, recent = []) {
      await sequelize.query(
        `
        UPDATE telegram_send_leases
           SET until = CASE WHEN holder = $2 THEN LEAST(until, clock_timestamp() + $3 * interval '1 millisecond') ELSE until END,
               settled = settled OR holder = $2,
               recent = CASE WHEN holder = $2
                 THEN ARRAY(SELECT clock_timestamp() - ago * interval '1 millisecond' FROM unnest($4::float8[]) ago) ELSE recent END,
               recent_by = CASE WHEN holder = $2 THEN $5::text[] ELSE recent_by END,
               wanted_by = CASE WHEN wanted_by = $2 THEN NULL ELSE wanted_by END,
               wanted_until = CASE WHEN wanted_by = $2 THEN NULL ELSE wanted_until END
         WHERE bot_key = $1 AND (holder = $2 OR wanted_by = $2)`,
        { bind: [key, holder, afterMs, recent.map((entry) => entry.ago), recent.map((entry) => entry.by)] },
      );
    },
  };
}

/** Gates of chats that went quiet long ago are forgotten (a missing gate is a free one). */
export async function pruneSendGates(sequelize: Sequelize, olderThanMs = 3_600_000): Promise<number> {
  const [, result] = await sequelize.query(`DELETE FROM telegram_send_gates WHERE free_at < clock_timestamp() - $1 * interval '1 millisecond'`, {
    bind: [olderThanMs],
  });
  return (result as { rowCount?: number } | undefined)?.rowCount ?? 0;
}
