import { ChangeRequest, ChangeRequestLine, Estimate, EstimateLine, EstimateSection, Op, Project, Stage, type SqlTransaction } from '@crm/database';
import { invalid, notFound } from '../errors.js';
import { computeEstimate, type QuantitySource } from '../estimates/arithmetic.js';
import type { ContractLine, ContractState } from './delta.js';

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
  // One after another: inside a transaction the queries share one connection.
  const sections = await EstimateSection.findAll({
    where: { estimate_id: estimate.id },
    order: [
      ['position', 'ASC'],
      ['id', 'ASC'],
    ],
    transaction,
  });
  const lines = await EstimateLine.findAll({
    where: { estimate_id: estimate.id },
    order: [
      ['position', 'ASC'],
      ['id', 'ASC'],
    ],
    transaction,
  });
  const stages = await Stage.findAll({
    where: { org_id: orgId, project_id: projectId },
    order: [
      ['position', 'ASC'],
      ['id', 'ASC'],
    ],
    transaction,
  });
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
      stages.find((s) => !s.estimate_section_id && !usedStages.has(s.id) && s.name.trim().toLowerCase() === name.trim().toLowerCase());
    if (stage) usedStages.add(stage.id);
    return stage?.id ?? null;
  };
  const state: ContractState = {
    estimate_id: estimate.id,
    settings: {
      currency: estimate.currency,
      markup_type: estimate.markup_type,
      markup_value: estimate.markup_value,
      discount_type: estimate.discount_type,
      discount_value: estimate.discount_value,
      vat_rate: estimate.vat_rate,
      vat_included: estimate.vat_included,
    },
    sections: sections.map((s) => ({
      id: s.id,
      name: s.name,
      length: s.length,
      width: s.width,
      height: s.height,
      openings: s.openings,
      stage_id: stageFor(s.id, s.name),
      lines: lines
        .filter((l) => l.section_id === s.id)
        .map((l): ContractLine => ({
          estimate_line_id: l.id,
          added_line_id: null,
          catalogue_item_id: l.catalogue_item_id,
          name: l.name,
          unit: l.unit,
          quantity: l.quantity,
          quantity_source: l.quantity_source,
          unit_price: l.unit_price,
        })),
    })),
  };
  if (!applied.length) return state;
  const changes = await ChangeRequestLine.findAll({
    where: { change_request_id: applied.map((cr) => cr.id) },
    order: [
      ['position', 'ASC'],
      ['id', 'ASC'],
    ],
    transaction,
  });
  for (const cr of applied) {
    for (const change of changes.filter((c) => c.change_request_id === cr.id)) replay(state, change);
  }
  return state;
}

function replay(state: ContractState, change: ChangeRequestLine) {
  const section = state.sections.find((s) => s.id === change.section_id);
  if (!section) return;
  if (change.action === 'add') {
    section.lines.push({
      estimate_line_id: null,
      added_line_id: change.id,
      catalogue_item_id: change.catalogue_item_id,
      name: change.name,
      unit: change.unit,
      quantity: change.new_quantity ?? '0',
      quantity_source: change.quantity_source as QuantitySource,
      unit_price: change.new_unit_price ?? '0',
    });
    return;
  }
  const index = section.lines.findIndex((l) =>
    change.added_line_id ? l.added_line_id === change.added_line_id : l.estimate_line_id === change.estimate_line_id,
  );
  if (index < 0) return;
  if (change.action === 'remove') section.lines.splice(index, 1);
  else {
    section.lines[index] = {
      ...section.lines[index]!,
      quantity: change.new_quantity ?? section.lines[index]!.quantity,
      quantity_source: change.quantity_source as QuantitySource,
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
