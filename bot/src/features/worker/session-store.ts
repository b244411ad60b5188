import { QueryTypes, type Sequelize, type SqlTransaction } from '@crm/database';
import { readExpenseDraft, readReportDraft, type ExpenseDraft, type ReportDraft } from '@crm/core';

/**
 * A chat's dialog state in `bot_sessions`, written with optimistic concurrency: every write names
 * the version it read, so two replicas (or two parts of one album processed at once) cannot
 * overwrite each other; the loser re-reads and applies its update again.
 */
export type WorkerDraft = ReportDraft | ExpenseDraft;

/** Another update wrote the dialog after this one read it: re-read and apply again. */
export class VersionConflict extends Error {}

export interface WorkerSession {
  nonce: string;
  draft: WorkerDraft;
}
export interface LoadedSession {
  session: WorkerSession | null;
  version: number;
}

export async function loadSession(sequelize: Sequelize, org_id: number, chat_id: number, transaction?: SqlTransaction): Promise<LoadedSession> {
  const [row] = await sequelize.query<{ state: Record<string, unknown>; version: number }>(
    'SELECT state, version FROM bot_sessions WHERE org_id = :org_id AND chat_id = :chat_id',
    { replacements: { org_id, chat_id }, type: QueryTypes.SELECT, transaction });
  if (!row) return { session: null, version: 0 };
  const raw = row.state as { nonce?: unknown; draft?: unknown };
  const draft = readReportDraft(raw.draft) ?? readExpenseDraft(raw.draft);
  const session = draft && typeof raw.nonce === 'string' ? { nonce: raw.nonce, draft } : null;
  return { session, version: row.version };
}

/** Writes the next state (null clears it) if the row is still at `version`; false when someone else wrote first. */
export async function saveSession(
  sequelize: Sequelize, org_id: number, chat_id: number, session: WorkerSession | null, version: number, transaction?: SqlTransaction,
): Promise<boolean> {
  const state = JSON.stringify(session ?? {});
  const rows = await sequelize.query(
    `INSERT INTO bot_sessions (org_id, chat_id, state, version, updated_at) VALUES (:org_id, :chat_id, :state::jsonb, 1, now())
     ON CONFLICT (org_id, chat_id) DO UPDATE SET state = EXCLUDED.state, version = bot_sessions.version + 1, updated_at = now()
       WHERE bot_sessions.version = :version
     RETURNING version`,
    { replacements: { org_id, chat_id, state, version }, type: QueryTypes.SELECT, transaction });
  // A first write (version 0) that found a row already there is a conflict too.
  return rows.length > 0 && !(version === 0 && (rows[0] as { version: number }).version !== 1);
}
