import { ChangeRequest, type SqlTransaction } from '@crm/database';
import { DomainError, invalid } from '../errors.js';
import { createChangeOrder, updateChangeOrderLines } from '../change-orders/change-order.service.js';
import type { ChangeLine } from '../change-orders/schema.js';
import type { Actor } from '../people/user-records.js';

export interface ChangeRequestValues {
  project_id?: number;
  title?: string;
  description?: string;
  amount?: string;
  /** A change order against the project's approved estimate: its amount is computed from these. */
  lines?: ChangeLine[];
}

/** A pending change request: a title and an amount, or a change order built from estimate lines. */
export async function createChangeRequest(actor: Actor, values: ChangeRequestValues, transaction: SqlTransaction): Promise<ChangeRequest> {
  const { lines, ...rest } = values;
  if (lines) return createChangeOrder(actor.org_id, actor.user_id, { ...rest, lines } as never, transaction);
  return ChangeRequest.create({ ...rest, org_id: actor.org_id, status: 'pending', created_by: actor.user_id } as never, { transaction });
}

/** Only a pending request is edited; a change order's amount follows its lines, never typed. */
export async function applyChangeRequestChanges(request: ChangeRequest, values: ChangeRequestValues, transaction: SqlTransaction): Promise<void> {
  if (request.status !== 'pending') throw new DomainError('conflict', 'This change request is already decided and cannot be edited');
  const { lines, amount, ...rest } = values;
  request.set(rest as never);
  if (lines) return updateChangeOrderLines(request, lines, amount, transaction);
  if (request.estimate_id) {
    if (amount !== undefined && Number(amount) !== Number(request.amount))
      throw invalid({ amount: `is computed from the lines (${request.amount}): change the lines instead` }, 'Invalid change request');
    return;
  }
  if (amount !== undefined) {
    if (Number(amount) === 0) throw invalid({ amount: 'must not be zero' }, 'Invalid change request');
    request.set({ amount });
  }
}

/** An approved request is part of the contract and stays. */
export async function removeChangeRequest(request: ChangeRequest, transaction: SqlTransaction): Promise<void> {
  if (request.status === 'approved') throw new DomainError('conflict', 'An approved change request cannot be deleted');
  await request.destroy({ transaction });
}
