import { Transaction, type SqlTransaction } from '@crm/database';
import { organizationKey } from '../storage/storage.js';
import type { Actor } from '../people/user-records.js';

// A payment or an expense entered in the back office. Its proof is a file the staff uploaded (a
// storage key of the organization); anything else sent back (a signed link) keeps the proof as is.
// Every write (created, edited or deleted) moves its amount in the spent and paid figures of the
// projects and stages it touches, in the same transaction, by a trigger (migration 0025-project-money).

export function createTransactionRecord(actor: Actor, values: Record<string, unknown>, transaction: SqlTransaction): Promise<Transaction> {
  return Transaction.create(
    {
      ...values,
      org_id: actor.org_id,
      proof_url: organizationKey(actor.org_id, values.proof_url) ?? null,
      author_id: actor.user_id,
    } as never,
    { transaction },
  );
}

/** Sets the changes on the row (saved with the resource). */
export function applyTransactionChanges(actor: Actor, row: Transaction, values: Record<string, unknown>): void {
  row.set({ ...values, proof_url: organizationKey(actor.org_id, values.proof_url) ?? row.proof_url } as never);
}
