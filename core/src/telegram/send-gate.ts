import { QueryTypes, type Sequelize } from '@crm/database';

/**
 * A gate shared by every jobs process, so that Telegram's limits hold for a bot whichever process
 * sends: one row per bot (and per chat) in `telegram_send_gates` with the time it is free again.
 * Taking it is one statement that either moves that time forward from now (the send goes) or
 * answers how long until it frees; the time is the database's, the same clock for every process.
 */
export interface SendGate {
  /** Takes the gate `key` for `holdMs` when it is free: 0. Otherwise the ms until it frees (nothing changes). */
  take(key: string, holdMs: number): Promise<number>;
  /** Keeps the gate `key` held for at least `holdMs` from now (measured from the send rather than from the take). */
  hold(key: string, holdMs: number): Promise<void>;
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
  };
}

/** Gates of chats that went quiet long ago are forgotten (a missing gate is a free one). */
export async function pruneSendGates(sequelize: Sequelize, olderThanMs = 3_600_000): Promise<number> {
  const [, result] = await sequelize.query(`DELETE FROM telegram_send_gates WHERE free_at < clock_timestamp() - $1 * interval '1 millisecond'`, {
    bind: [olderThanMs],
  });
  return (result as { rowCount?: number } | undefined)?.rowCount ?? 0;
}
