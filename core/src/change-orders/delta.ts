import type { ChangeLineInput, ChangeOrderFigures, ChangeOrderLine, ContractLineView } from '@crm/contracts';
import { invalid } from '../errors.js';
import { computeEstimate, type EstimateInput, type EstimateTotals, type RoomMeasures } from '../estimates/arithmetic.js';
import { addDecimals, compareDecimals, currencyMinorUnits, formatDecimal, subtractDecimals, toDecimal, type Decimal } from '../money/decimal.js';

/**
 * A change order as a delta of the project's estimate — the one rule, pure:
 *
 *   amount = total(contract after the change) − total(contract before it),
 *
 * both computed by the estimate arithmetic (`computeEstimate`), so markup, discount and VAT act on a
 * change order exactly as on the estimate: a percent markup or discount scales with the lines, an
 * amount one stays as it was, VAT is added on top or included as the estimate says. "The contract"
 * is the approved estimate with every change order approved before applied in order, so the approved
 * amounts add up, to the cent, to the total of the contract as it now stands.
 *
 * Per line the delta is at line prices (new line total − old line total, before markup, discount and
 * VAT); the difference between the lines' sum and the amount is shown as the markup, discount and
 * VAT deltas. Stage budgets move by each changed section's share of the total (the same allocation
 * that made stage budgets from the estimate); what the allocation would shift onto sections the
 * change order does not touch goes to its largest changed section instead, so untouched stages keep
 * their budgets and the stage deltas add up exactly to the amount.
 */
export type ContractLine = Omit<ContractLineView, 'total'>;

interface ContractSection extends RoomMeasures {
  id: number;
  name: string;
  stage_id: number | null;
  lines: ContractLine[];
}

export type ContractSettings = Omit<EstimateInput, 'sections'>;

export interface ContractState {
  estimate_id: number;
  settings: ContractSettings;
  sections: ContractSection[];
}

interface LineTarget {
  estimate_line_id?: number | null;
  added_line_id?: number | null;
}
export type { ChangeLineInput } from '@crm/contracts';

export interface ChangeOrderResult {
  amount: string;
  lines: ChangeOrderLine[];
  figures: ChangeOrderFigures;
  after: ContractState;
}

/** The contract line a change targets: the line a change order added, else the estimate's line. */
export const sameLine = (line: ContractLine, target: LineTarget) =>
  target.added_line_id ? line.added_line_id === target.added_line_id : !!target.estimate_line_id && line.estimate_line_id === target.estimate_line_id;
const targetKey = (target: LineTarget) => (target.added_line_id ? `a${target.added_line_id}` : `e${target.estimate_line_id}`);
const inputOf = (state: ContractState): EstimateInput => ({ ...state.settings, sections: state.sections });
const figuresOf = (t: EstimateTotals) => ({
  subtotal: t.subtotal,
  markup_amount: t.markup_amount,
  discount_amount: t.discount_amount,
  vat_amount: t.vat_amount,
  total: t.total,
});

/** Where a line stands in the state: its section and index, as the arithmetic numbers them. */
function locate(state: ContractState, target: LineTarget, field: string): { s: number; l: number } {
  if (!target.estimate_line_id && !target.added_line_id)
    throw invalid({ [`${field}.estimate_line_id`]: 'is required: which line does this change?' }, 'Invalid change order');
  for (const [s, section] of state.sections.entries()) {
    const l = section.lines.findIndex((line) => sameLine(line, target));
    if (l >= 0) return { s, l };
  }
  const which = target.added_line_id ? 'added_line_id' : 'estimate_line_id';
  throw invalid({ [`${field}.${which}`]: 'unknown line: it is not in the contract as it now stands' }, 'Invalid change order');
}

/** The figures of a change order against a contract state; throws naming `lines.N.field` on bad input. */
export function computeChangeOrder(state: ContractState, changes: ChangeLineInput[]): ChangeOrderResult {
  if (!changes.length) throw invalid({ lines: 'must list at least one added, removed or changed line' }, 'Invalid change order');
  const minor = currencyMinorUnits(state.settings.currency);
  const money = (d: Decimal) => formatDecimal(d, minor);
  const before = computeEstimate(inputOf(state));
  const after: ContractState = { ...state, sections: state.sections.map((s) => ({ ...s, lines: [...s.lines] })) };
  const seen = new Set<string>();
  // Where each change sits before (for old figures) and after (for new ones); removed lines leave holes.
  const placed: Array<{ s: number; before?: number; after?: ContractLine }> = [];
  for (const [i, change] of changes.entries()) {
    const field = `lines.${i}`;
    if (change.action === 'add') {
      const s = state.sections.findIndex((section) => section.id === change.section_id);
      if (s < 0) throw invalid({ [`${field}.section_id`]: 'unknown section: it is not in the approved estimate' }, 'Invalid change order');
      const line: ContractLine = {
        estimate_line_id: null,
        added_line_id: null,
        catalogue_item_id: change.catalogue_item_id ?? null,
        name: change.name,
        unit: change.unit ?? '',
        quantity: change.quantity ?? '0',
        quantity_source: change.quantity_source ?? 'manual',
        unit_price: change.unit_price,
      };
      after.sections[s]!.lines.push(line);
      placed.push({ s, after: line });
      continue;
    }
    const { s, l } = locate(state, change, field);
    const key = targetKey(change);
    if (seen.has(key)) throw invalid({ [field]: 'this line is already changed above: one change per line' }, 'Invalid change order');
    seen.add(key);
    const old = state.sections[s]!.lines[l]!;
    const index = after.sections[s]!.lines.indexOf(old);
    if (change.action === 'remove') {
      after.sections[s]!.lines.splice(index, 1);
      placed.push({ s, before: l });
      continue;
    }
    const oldQuantity = before.sections[s]!.lines[l]!.quantity;
    const quantityChanged = change.quantity !== undefined && compareDecimals(toDecimal(change.quantity), toDecimal(oldQuantity)) !== 0;
    const priceChanged = change.unit_price !== undefined && compareDecimals(toDecimal(change.unit_price), toDecimal(old.unit_price)) !== 0;
    if (!quantityChanged && !priceChanged) throw invalid({ [field]: 'changes nothing: give a new quantity or unit price' }, 'Invalid change order');
    const line: ContractLine = {
      ...old,
      ...(quantityChanged ? { quantity: change.quantity!, quantity_source: 'manual' as const } : {}),
      ...(priceChanged ? { unit_price: change.unit_price! } : {}),
    };
    after.sections[s]!.lines[index] = line;
    placed.push({ s, before: l, after: line });
  }
  const totalsAfter = computeEstimate(inputOf(after));
  const lines = placed.map(({ s, before: l, after: line }, i): ChangeOrderLine => {
    const change = changes[i]!;
    const section = state.sections[s]!;
    const old = l === undefined ? null : { line: section.lines[l]!, figures: before.sections[s]!.lines[l]! };
    const j = line ? after.sections[s]!.lines.indexOf(line) : -1;
    const fresh = line ? totalsAfter.sections[s]!.lines[j]! : null;
    const delta = subtractDecimals(toDecimal(fresh?.total ?? '0'), toDecimal(old?.figures.total ?? '0'));
    const shown = line ?? old!.line;
    return {
      action: change.action,
      estimate_line_id: shown.estimate_line_id,
      added_line_id: shown.added_line_id,
      section_id: section.id,
      section_name: section.name,
      stage_id: section.stage_id,
      catalogue_item_id: shown.catalogue_item_id,
      name: shown.name,
      unit: shown.unit,
      quantity_source: shown.quantity_source,
      old_quantity: old?.figures.quantity ?? null,
      old_unit_price: old ? money(toDecimal(old.line.unit_price)) : null,
      old_total: old?.figures.total ?? null,
      new_quantity: fresh?.quantity ?? null,
      new_unit_price: line ? money(toDecimal(line.unit_price)) : null,
      new_total: fresh?.total ?? null,
      delta: money(delta),
    };
  });
  const b = figuresOf(before);
  const a = figuresOf(totalsAfter);
  const diff = (k: keyof typeof a) => money(subtractDecimals(toDecimal(a[k]), toDecimal(b[k])));
  const amount = diff('total');
  return {
    amount,
    lines,
    after,
    figures: {
      currency: state.settings.currency,
      vat_included: !!state.settings.vat_included,
      before: b,
      after: a,
      delta: {
        subtotal: diff('subtotal'),
        markup_amount: diff('markup_amount'),
        discount_amount: diff('discount_amount'),
        vat_amount: diff('vat_amount'),
        total: amount,
      },
      stages: stageDeltas(state, before, totalsAfter, new Set(placed.map((p) => p.s)), toDecimal(amount), minor),
    },
  };
}

/** Each changed section's share difference, with what would move untouched sections given to the largest. */
function stageDeltas(state: ContractState, before: EstimateTotals, after: EstimateTotals, touched: Set<number>, amount: Decimal, minor: number) {
  const indexes = [...touched].sort((x, y) => x - y);
  const deltas = indexes.map((s) => subtractDecimals(toDecimal(after.sections[s]!.total), toDecimal(before.sections[s]!.total)));
  const leftover = subtractDecimals(amount, addDecimals({ units: 0n, scale: 0 }, ...deltas));
  const magnitude = (d: Decimal) => (d.units < 0n ? { ...d, units: -d.units } : d);
  let largest = 0;
  deltas.forEach((d, i) => {
    if (compareDecimals(magnitude(d), magnitude(deltas[largest]!)) > 0) largest = i;
  });
  if (deltas.length) deltas[largest] = addDecimals(deltas[largest]!, leftover);
  return indexes.map((s, i) => {
    const section = state.sections[s]!;
    return { stage_id: section.stage_id, section_id: section.id, section_name: section.name, delta: formatDecimal(deltas[i]!, minor) };
  });
}
