import type { Transaction } from '@crm/database';
import { organizationKey } from '../storage/storage.js';
import type { Actor } from '../people/user-records.js';

// A payment or an expense entered in the back office. Its proof is a file the staff uploaded (a
// storage key of the organization); anything else sent back (a signed link) keeps the proof as is.
// Every write (created, edited or deleted) moves its amount in the spent and paid figures of the
// projects and stages it touches, in the same transaction, by a trigger (migration 0025-project-money).

/**
 * The columns of a money record the back office creates: the caller's organization and authorship,
 * the proof as the organization's storage key. The api writes it as one INSERT; its day, when none
 * is given, is the organization's today (set by the database for every writer: migration 0030-firm-day).
 */
export function transactionRow(actor: Actor, values: Record<string, unknown>): Record<string, unknown> {
  return { ...values, org_id: actor.org_id, proof_url: organizationKey(actor.org_id, values.proof_url) ?? null, author_id: actor.user_id };
}

/** Sets the changes on the row (saved with the resource). */
export function applyTransactionChanges(actor: Actor, row: Transaction, values: Record<string, unknown>): void {
  row.set({ ...values, proof_url: organizationKey(actor.org_id, values.proof_url) ?? row.proof_url } as never);
}
