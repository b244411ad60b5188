import { Transaction, type Sequelize, type SqlTransaction } from '@crm/database';
import { organizationKey } from '../storage/storage.js';
import { recomputeProjectSpent } from '../projects/project-budget.js';
import type { Actor } from '../people/user-records.js';

// A payment or an expense entered in the back office. Its proof is a file the staff uploaded (a
// storage key of the organization); anything else sent back (a signed link) keeps the proof as is.
// After every write (created, edited or deleted) `transactionWritten` recomputes the spent budget of
// the projects it touches, in the same transaction.

export function createTransactionRecord(actor: Actor, values: Record<string, unknown>, transaction: SqlTransaction): Promise<Transaction> {
  return Transaction.create({
    ...values, org_id: actor.org_id, proof_url: organizationKey(actor.org_id, values.proof_url) ?? null, author_id: actor.user_id,
  } as never, { transaction });
}

/** Sets the changes on the row (saved with the resource). */
export function applyTransactionChanges(actor: Actor, row: Transaction, values: Record<string, unknown>): void {
  row.set({ ...values, proof_url: organizationKey(actor.org_id, values.proof_url) ?? row.proof_url } as never);
}

/** After any write: the spent budget of its project (and of the one it left). */
export async function transactionWritten(sequelize: Sequelize, row: Transaction, transaction: SqlTransaction, previousProjectId?: number): Promise<void> {
  await recomputeProjectSpent(sequelize, row.project_id, transaction);
  if (previousProjectId !== undefined && previousProjectId !== row.project_id) await recomputeProjectSpent(sequelize, previousProjectId, transaction);
}
