import { QueryTypes, type Sequelize, type SqlTransaction } from '@crm/database';
import { readMeasurementDraft, type MeasurementDraft } from '@crm/core';

/**
 * An estimator's measurements in progress live in the chat's dialog state (`bot_sessions`, the same
 * row a worker's report uses, so a chat has one dialog at a time), written with a version check.
 */
export interface MeasurementSession { draft: MeasurementDraft; version: number; groups: string[] }

export async function loadMeasurement(sequelize: Sequelize, org_id: number, chat_id: number, transaction?: SqlTransaction): Promise<{ session: MeasurementSession | null; version: number }> {
  const [row] = await sequelize.query<{ state: { draft?: unknown; groups?: unknown }; version: number }>(
    'SELECT state, version FROM bot_sessions WHERE org_id = :org_id AND chat_id = :chat_id',
    { replacements: { org_id, chat_id }, type: QueryTypes.SELECT, transaction });
  if (!row) return { session: null, version: 0 };
  const draft = readMeasurementDraft(row.state?.draft);
  const groups = Array.isArray(row.state?.groups) ? (row.state.groups as unknown[]).filter((g): g is string => typeof g === 'string') : [];
  return { session: draft ? { draft, version: row.version, groups } : null, version: row.version };
}

/** Writes the dialog (null ends it) if nobody wrote since `version`; false when someone did. */
export async function saveMeasurement(
  sequelize: Sequelize, org_id: number, chat_id: number, state: { draft: MeasurementDraft; groups: string[] } | null, version: number, transaction?: SqlTransaction,
): Promise<boolean> {
  const rows = await sequelize.query<{ version: number }>(
    `INSERT INTO bot_sessions (org_id, chat_id, state, version, updated_at) VALUES (:org_id, :chat_id, :state::jsonb, 1, now())
     ON CONFLICT (org_id, chat_id) DO UPDATE SET state = EXCLUDED.state, version = bot_sessions.version + 1, updated_at = now()
       WHERE bot_sessions.version = :version
     RETURNING version`,
    { replacements: { org_id, chat_id, state: JSON.stringify(state ?? {}), version }, type: QueryTypes.SELECT, transaction });
  return rows.length > 0 && !(version === 0 && rows[0]!.version !== 1);
}
