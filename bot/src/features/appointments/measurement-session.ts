import type { Sequelize, SqlTransaction } from '@crm/database';
import { readMeasurementDraft, type MeasurementDraft } from '@crm/core';
import { readDialogState, writeDialogState } from '../dialog-state.js';

/**
 * An estimator's measurements in progress live in the chat's dialog state (`bot_sessions`, the same
 * row a worker's report uses, so a chat has one dialog at a time), written with a version check.
 */
export interface MeasurementSession {
  draft: MeasurementDraft;
  version: number;
  groups: string[];
}

export async function loadMeasurement(
  sequelize: Sequelize,
  org_id: number,
  chat_id: number,
  transaction?: SqlTransaction,
): Promise<{ session: MeasurementSession | null; version: number }> {
  const { state, version } = await readDialogState(sequelize, org_id, chat_id, transaction);
  const draft = readMeasurementDraft(state?.draft);
  const groups = Array.isArray(state?.groups) ? (state.groups as unknown[]).filter((g): g is string => typeof g === 'string') : [];
  return { session: draft ? { draft, version, groups } : null, version };
}

/** Writes the dialog (null ends it) if nobody wrote since `version`; false when someone did. */
export const saveMeasurement = (
  sequelize: Sequelize,
  org_id: number,
  chat_id: number,
  state: { draft: MeasurementDraft; groups: string[] } | null,
  version: number,
  transaction?: SqlTransaction,
): Promise<boolean> => writeDialogState(sequelize, org_id, chat_id, state, version, transaction);
