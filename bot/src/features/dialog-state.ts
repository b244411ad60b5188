import { QueryTypes, type Sequelize, type SqlTransaction } from '@crm/database';

/**
 * A chat's dialog state in `bot_sessions` (one dialog at a time per chat: a worker's report or
 * expense, an estimator's measurements), written with optimistic concurrency: every write names
 * the version it read, so two replicas (or two parts of one album processed at once) cannot
 * overwrite each other; the loser re-reads and applies its update again.
 */
export async function readDialogState(
  sequelize: Sequelize,
  org_id: number,
  chat_id: number,
  transaction?: SqlTransaction,
): Promise<{ state: Record<string, unknown> | null; version: number }> {
  const [row] = await sequelize.query<{ state: Record<string, unknown> | null; version: number }>(
    'SELECT state, version FROM bot_sessions WHERE org_id = :org_id AND chat_id = :chat_id',
    { replacements: { org_id, chat_id }, type: QueryTypes.SELECT, transaction },
  );
  return row ? { state: row.state, version: row.version } : { state: null, version: 0 };
}

/** Writes the next state (null clears it) if the row is still at `version`; false when someone else wrote first. */
export async function writeDialogState(
  sequelize: Sequelize,
  org_id: number,
  chat_id: number,
  state: object | null,
  version: number,
  transaction?: SqlTransaction,
): Promise<boolean> {
  const rows = await sequelize.query<{ version: number }>(
    `INSERT INTO bot_sessions (org_id, chat_id, state, version, updated_at) VALUES (:org_id, :chat_id, :state::jsonb, 1, now())
     ON CONFLICT (org_id, chat_id) DO UPDATE SET state = EXCLUDED.state, version = bot_sessions.version + 1, updated_at = now()
       WHERE bot_sessions.version = :version
     RETURNING version`,
    { replacements: { org_id, chat_id, state: JSON.stringify(state ?? {}), version }, type: QueryTypes.SELECT, transaction },
  );
  // A first write (version 0) that found a row already there is a conflict too.
  return rows.length > 0 && !(version === 0 && rows[0]!.version !== 1);
}
