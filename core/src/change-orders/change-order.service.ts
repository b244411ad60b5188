import { ChangeRequest, ChangeRequestLine, Project, QueryTypes, type Sequelize, type SqlTransaction } from '@crm/database';
import { assertOwnCatalogueItems } from '../catalogue/catalogue.service.js';
import { DomainError, invalid, notFound } from '../errors.js';
import { compareDecimals, toDecimal } from '../money/decimal.js';
import { addedLineOf, loadContractState } from './contract-state.js';
import { computeChangeOrder, type ChangeLineInput, type ChangeOrderResult } from './delta.js';
import type { ChangeLine } from './schema.js';
import { byPosition } from '../columns.js';

export interface ChangeOrderValues {
  project_id: number;
  title: string;
  description?: string;
  /** When given, it must be the amount the lines come to. */
  amount?: string;
  lines: ChangeLine[];
}

async function assertProject(orgId: number, projectId: number, transaction?: SqlTransaction) {
  const project = await Project.findOne({ where: { id: projectId, org_id: orgId }, attributes: ['id'], transaction });
  if (!project) throw invalid({ project_id: 'unknown project' }, 'project_id does not point to a project of your organization');
}

/** The figures a change order would have, before it is saved: the same computation a save runs. */
export async function previewChangeOrder(orgId: number, projectId: number, lines: ChangeLine[], transaction?: SqlTransaction): Promise<ChangeOrderResult> {
  await assertProject(orgId, projectId, transaction);
  const state = await loadContractState(orgId, projectId, transaction);
  return computeChangeOrder(state, lines as ChangeLineInput[]);
}

async function writeLines(request: ChangeRequest, result: ChangeOrderResult, transaction: SqlTransaction) {
  await ChangeRequestLine.destroy({ where: { change_request_id: request.id }, transaction });
  await ChangeRequestLine.bulkCreate(
    result.lines.map((line, position) => ({
      ...line,
      org_id: request.org_id,
      change_request_id: request.id,
      position,
    })),
    { transaction },
  );
}

async function computeFor(orgId: number, values: Pick<ChangeOrderValues, 'project_id' | 'amount' | 'lines'>, transaction: SqlTransaction) {
  const result = await previewChangeOrder(orgId, values.project_id, values.lines, transaction);
  await assertOwnCatalogueItems(
    orgId,
    values.lines.flatMap((line, i) =>
      line.action === 'add' && line.catalogue_item_id ? [{ id: line.catalogue_item_id, field: `lines.${i}.catalogue_item_id` }] : [],
    ),
    transaction,
  );
  if (values.amount !== undefined && compareDecimals(toDecimal(values.amount), toDecimal(result.amount)) !== 0) {
    throw invalid({ amount: `is computed from the lines (${result.amount}); leave it out or send that amount` }, 'Invalid change order');
  }
  return result;
}

/** A pending change order built from lines against the project's approved estimate; the amount is their delta. */
export async function createChangeOrder(orgId: number, userId: number | null, values: ChangeOrderValues, transaction: SqlTransaction): Promise<ChangeRequest> {
  const result = await computeFor(orgId, values, transaction);
  const state = result.after;
  const request = await ChangeRequest.create(
    {
      org_id: orgId,
      project_id: values.project_id,
      title: values.title,
      description: values.description ?? '',
      amount: result.amount,
      status: 'pending',
      created_by: userId,
      estimate_id: state.estimate_id,
      figures: result.figures,
    },
    { transaction },
  );
  await writeLines(request, result, transaction);
  return request;
}

/** A pending change order's lines replaced (and its figures recomputed against the contract as it now stands). */
export async function updateChangeOrderLines(
  request: ChangeRequest,
  lines: ChangeLine[],
  amount: string | undefined,
  transaction: SqlTransaction,
): Promise<void> {
  if (request.status !== 'pending') throw new DomainError('conflict', 'This change request is already decided and cannot be edited');
  const result = await computeFor(request.org_id, { project_id: request.project_id, amount, lines }, transaction);
  request.set({ amount: result.amount, estimate_id: result.after.estimate_id, figures: result.figures });
  await request.save({ transaction });
  await writeLines(request, result, transaction);
}

const stored = (line: ChangeRequestLine): ChangeLineInput => {
  const target = { estimate_line_id: line.estimate_line_id, added_line_id: line.added_line_id };
  if (line.action === 'add') {
    return { action: 'add', section_id: line.section_id ?? 0, ...addedLineOf(line) };
  }
  if (line.action === 'remove') return { action: 'remove', ...target };
  return { action: 'change', ...target, quantity: line.new_quantity ?? undefined, unit_price: line.new_unit_price ?? undefined };
};

const stale = () =>
  new DomainError(
    'conflict',
    'The contract has changed since this change order was prepared (another change order was approved); the manager has to prepare it again',
    { reason: 'stale_change_order' },
  );

/**
 * Applies an approved line-based change order in the approval's transaction: the project row is
 * locked (approvals of one project queue up), the delta is recomputed against the contract as it
 * now stands and must be what the client saw, the stages' planned budgets move by their shares,
 * and `applied_at` is set — only while it is empty, so it happens exactly once. A plain
 * (title + amount) change request has no estimate and nothing to apply here.
 */
export async function applyChangeOrder(
  sequelize: Sequelize,
  request: { id: number; org_id: number; project_id: number; amount: string },
  transaction: SqlTransaction,
): Promise<boolean> {
  await sequelize.query('SELECT id FROM projects WHERE id = :id AND org_id = :org FOR UPDATE', {
    replacements: { id: request.project_id, org: request.org_id },
    transaction,
  });
  const row = await ChangeRequest.findOne({ where: { id: request.id, org_id: request.org_id }, transaction });
  if (!row) throw notFound('Change request');
  if (!row.estimate_id || row.applied_at) return false;
  const lines = await ChangeRequestLine.findAll({
    where: { change_request_id: row.id },
    order: byPosition(),
    transaction,
  });
  const state = await loadContractState(row.org_id, row.project_id, transaction).catch(() => {
    throw stale();
  });
  if (state.estimate_id !== row.estimate_id) throw stale();
  let result: ChangeOrderResult;
  try {
    result = computeChangeOrder(state, lines.map(stored));
  } catch {
    throw stale();
  }
  const same = (a: string | null, b: string | null) => (a === null || b === null ? a === b : compareDecimals(toDecimal(a), toDecimal(b)) === 0);
  const unchanged = result.lines.every(
    (line, i) =>
      same(line.old_quantity, lines[i]!.old_quantity) && same(line.old_unit_price, lines[i]!.old_unit_price) && same(line.old_total, lines[i]!.old_total),
  );
  if (!unchanged || !same(result.amount, request.amount)) throw stale();
  const [marked] = await sequelize.query<{ id: number }>(
    'UPDATE change_requests SET applied_at = clock_timestamp(), figures = :figures WHERE id = :id AND applied_at IS NULL RETURNING id',
    { replacements: { id: row.id, figures: JSON.stringify(result.figures) }, type: QueryTypes.SELECT, transaction },
  );
  if (!marked) return false;
  for (const stage of result.figures.stages) {
    if (!stage.stage_id) continue;
    await sequelize.query(
      'UPDATE stages SET budget_planned = budget_planned + :delta, updated_at = now() WHERE id = :id AND org_id = :org AND project_id = :project',
      { replacements: { delta: stage.delta, id: stage.stage_id, org: row.org_id, project: row.project_id }, transaction },
    );
  }
  return true;
}

/** The lines of several change requests, in order, keyed by change request id. */
export async function changeOrderLinesFor(ids: number[], transaction?: SqlTransaction): Promise<Map<number, ChangeRequestLine[]>> {
  const map = new Map<number, ChangeRequestLine[]>();
  if (!ids.length) return map;
  const lines = await ChangeRequestLine.findAll({
    where: { change_request_id: ids },
    order: byPosition(),
    transaction,
  });
  for (const line of lines) map.set(line.change_request_id, [...(map.get(line.change_request_id) ?? []), line]);
  return map;
}
