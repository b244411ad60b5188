import { ChangeRequest, ChangeRequestLine, Estimate, Op, Project, type SqlTransaction } from '@crm/database';
import { byPosition } from '../columns.js';
import { invalid, notFound } from '../errors.js';
import { computeEstimate } from '../estimates/arithmetic.js';
import { estimateSettingsOf, storedSections } from '../estimates/estimate.service.js';
import { stageNameKey } from '../estimates/project-from-estimate.js';
import { projectStages } from '../projects/project-records.js';
import { sameLine, type ContractLine, type ContractState } from './delta.js';

/** The project's approved estimate: the latest approved version linked to the project. */
export async function approvedEstimateOf(orgId: number, projectId: number, transaction?: SqlTransaction): Promise<Estimate | null> {
  return Estimate.findOne({
    where: { org_id: orgId, project_id: projectId, status: 'approved' },
    order: [
      ['approved_at', 'DESC NULLS LAST'],
      ['version', 'DESC'],
      ['id', 'DESC'],
    ],
    transaction,
  });
}

/**
 * The contract as it now stands: the approved estimate's sections and lines, with every applied
 * change order of the project replayed in the order it was applied. Each section knows its stage
 * (the stage made from it, else the project's stage of the same name).
 */
export async function loadContractState(orgId: number, projectId: number, transaction?: SqlTransaction): Promise<ContractState> {
  const estimate = await approvedEstimateOf(orgId, projectId, transaction);
  if (!estimate)
    throw invalid({ project_id: 'has no approved estimate: approve an estimate for the project first, or enter an amount' }, 'Invalid change order');
  const sections = await storedSections(estimate.id, transaction);
  const stages = await projectStages(orgId, projectId, transaction);
  const applied = await ChangeRequest.findAll({
    where: { org_id: orgId, project_id: projectId, estimate_id: estimate.id, applied_at: { [Op.ne]: null } },
    order: [
      ['applied_at', 'ASC'],
      ['id', 'ASC'],
    ],
    attributes: ['id'],
    transaction,
  });
  const usedStages = new Set<number>();
  const stageFor = (sectionId: number, name: string) => {
    const stage =
      stages.find((s) => s.estimate_section_id === sectionId) ??
      stages.find((s) => !s.estimate_section_id && !usedStages.has(s.id) && stageNameKey(s.name) === stageNameKey(name));
    if (stage) usedStages.add(stage.id);
    return stage?.id ?? null;
  };
  const state: ContractState = {
    estimate_id: estimate.id,
    settings: estimateSettingsOf(estimate),
    sections: sections.map((section) => ({
      ...section,
      stage_id: stageFor(section.id, section.name),
      lines: section.lines.map(({ id, ...line }): ContractLine => ({ estimate_line_id: id, added_line_id: null, ...line })),
    })),
  };
  if (!applied.length) return state;
  const changes = await ChangeRequestLine.findAll({
    where: { change_request_id: applied.map((cr) => cr.id) },
    order: byPosition(),
    transaction,
  });
  for (const cr of applied) {
    for (const change of changes.filter((c) => c.change_request_id === cr.id)) replay(state, change);
  }
  return state;
}

/** The line a stored 'add' line of a change order puts into the contract. */
export const addedLineOf = (change: ChangeRequestLine): Omit<ContractLine, 'estimate_line_id' | 'added_line_id'> => ({
  catalogue_item_id: change.catalogue_item_id,
  name: change.name,
  unit: change.unit,
  quantity: change.new_quantity ?? '0',
  quantity_source: change.quantity_source,
  unit_price: change.new_unit_price ?? '0',
});

function replay(state: ContractState, change: ChangeRequestLine) {
  const section = state.sections.find((s) => s.id === change.section_id);
  if (!section) return;
  if (change.action === 'add') {
    section.lines.push({ estimate_line_id: null, added_line_id: change.id, ...addedLineOf(change) });
    return;
  }
  const index = section.lines.findIndex((l) => sameLine(l, change));
  if (index < 0) return;
  if (change.action === 'remove') section.lines.splice(index, 1);
  else {
    section.lines[index] = {
      ...section.lines[index]!,
      quantity: change.new_quantity ?? section.lines[index]!.quantity,
      quantity_source: change.quantity_source,
      unit_price: change.new_unit_price ?? section.lines[index]!.unit_price,
    };
  }
}

/** The contract as it now stands with its figures, for building a change order line by line. */
export async function contractView(orgId: number, projectId: number, transaction?: SqlTransaction) {
  if (!(await Project.findOne({ where: { id: projectId, org_id: orgId }, attributes: ['id'], transaction }))) throw notFound('Project');
  const state = await loadContractState(orgId, projectId, transaction);
  const totals = computeEstimate({ ...state.settings, sections: state.sections });
  return {
    project_id: projectId,
    estimate_id: state.estimate_id,
    ...state.settings,
    vat_rate: state.settings.vat_rate ?? null,
    subtotal: totals.subtotal,
    markup_amount: totals.markup_amount,
    discount_amount: totals.discount_amount,
    vat_amount: totals.vat_amount,
    total: totals.total,
    sections: state.sections.map((section, s) => ({
      id: section.id,
      name: section.name,
      stage_id: section.stage_id,
      subtotal: totals.sections[s]!.subtotal,
      total: totals.sections[s]!.total,
      lines: section.lines.map((line, l) => ({ ...line, quantity: totals.sections[s]!.lines[l]!.quantity, total: totals.sections[s]!.lines[l]!.total })),
    })),
  };
}
