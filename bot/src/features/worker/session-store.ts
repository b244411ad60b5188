import type { Sequelize, SqlTransaction } from '@crm/database';
import { readExpenseDraft, readReportDraft, type ExpenseDraft, type ReportDraft } from '@crm/core';
import { readDialogState, writeDialogState } from '../dialog-state.js';

/** A worker's report or expense in progress, in the chat's dialog state (dialog-state.ts). */
type WorkerDraft = ReportDraft | ExpenseDraft;

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
  const { state, version } = await readDialogState(sequelize, org_id, chat_id, transaction);
  if (!state) return { session: null, version };
  const raw = state as { nonce?: unknown; draft?: unknown };
  const draft = readReportDraft(raw.draft) ?? readExpenseDraft(raw.draft);
  const session = draft && typeof raw.nonce === 'string' ? { nonce: raw.nonce, draft } : null;
  return { session, version };
}

/** Writes the next state (null clears it) if the row is still at `version`; false when someone else wrote first. */
export const saveSession = (
  sequelize: Sequelize,
  org_id: number,
  chat_id: number,
  session: WorkerSession | null,
  version: number,
  transaction?: SqlTransaction,
): Promise<boolean> => writeDialogState(sequelize, org_id, chat_id, session, version, transaction);
