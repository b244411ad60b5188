import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import { computeEstimate } from '../estimates/arithmetic.js';
import { computeChangeOrder, type ChangeLineInput, type ContractSettings, type ContractState } from './delta.js';
import { changeOrderText } from './format.js';

let nextId = 1;
const line = (name: string, quantity: string, unit_price: string, extra: Partial<ContractState['sections'][number]['lines'][number]> = {}) => ({
  estimate_line_id: nextId++,
  added_line_id: null,
  catalogue_item_id: null,
  name,
  unit: 'm²',
  quantity,
  quantity_source: 'manual' as const,
  unit_price,
  ...extra,
});

function contract(settings: Partial<ContractSettings> = {}): ContractState {
  return {
    estimate_id: 1,
    settings: {
      currency: 'RUB',
      markup_type: 'percent',
      markup_value: '0',
      discount_type: 'percent',
      discount_value: '0',
      vat_rate: null,
      vat_included: false,
      ...settings,
    },
    sections: [
      { id: 10, name: 'Kitchen', stage_id: 100, lines: [line('Tiles', '10', '1500'), line('Paint', '20', '300')] },
      {
        id: 20,
        name: 'Bath',
        stage_id: 200,
        length: '2',
        width: '1.5',
        height: '2.5',
        lines: [line('Waterproofing', '0', '800', { quantity_source: 'floor_area' })],
      },
    ],
  };
}
const lineOf = (state: ContractState, s: number, l: number) => state.sections[s]!.lines[l]!.estimate_line_id!;
const totalOf = (state: ContractState) => computeEstimate({ ...state.settings, sections: state.sections }).total;

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('computeChangeOrder: lines', () => {
  it('adds a line to a section: its delta is its total, rounded half up to kopecks', () => {
    const state = contract();
    const result = computeChangeOrder(state, [{ action: 'add', section_id: 10, name: 'Backsplash', unit: 'm²', quantity: '2.5', unit_price: '1999.99' }]);
    expect(result.amount).toBe('4999.98');
    expect(result.lines).toEqual([
      expect.objectContaining({
        action: 'add',
        section_id: 10,
        section_name: 'Kitchen',
        stage_id: 100,
        name: 'Backsplash',
        old_quantity: null,
        old_total: null,
        new_quantity: '2.500',
        new_unit_price: '1999.99',
        new_total: '4999.98',
        delta: '4999.98',
      }),
    ]);
    expect(result.figures.stages).toEqual([{ stage_id: 100, section_id: 10, section_name: 'Kitchen', delta: '4999.98' }]);
  });

  it('removes a line: its delta is minus its total', () => {
    const state = contract();
    const result = computeChangeOrder(state, [{ action: 'remove', estimate_line_id: lineOf(state, 0, 1) }]);
    expect(result.amount).toBe('-6000.00');
    expect(result.lines[0]).toMatchObject({
      action: 'remove',
      name: 'Paint',
      old_quantity: '20.000',
      old_unit_price: '300.00',
      old_total: '6000.00',
      new_total: null,
      delta: '-6000.00',
    });
  });

  it('changes quantity and price of existing lines, old → new', () => {
    const state = contract();
    const result = computeChangeOrder(state, [
      { action: 'change', estimate_line_id: lineOf(state, 0, 0), quantity: '12.5' },
      { action: 'change', estimate_line_id: lineOf(state, 0, 1), unit_price: '275.50' },
    ]);
    expect(result.lines.map((l) => [l.old_quantity, l.new_quantity, l.old_unit_price, l.new_unit_price, l.old_total, l.new_total, l.delta])).toEqual([
      ['10.000', '12.500', '1500.00', '1500.00', '15000.00', '18750.00', '3750.00'],
      ['20.000', '20.000', '300.00', '275.50', '6000.00', '5510.00', '-490.00'],
    ]);
    expect(result.amount).toBe('3260.00');
  });

  it('a price change keeps a quantity bound to the room; a quantity change makes it manual', () => {
    const state = contract();
    const bound = lineOf(state, 1, 0);
    const price = computeChangeOrder(state, [{ action: 'change', estimate_line_id: bound, unit_price: '900' }]);
    expect(price.lines[0]).toMatchObject({ old_quantity: '3.000', new_quantity: '3.000', quantity_source: 'floor_area', delta: '300.00' });
    const quantity = computeChangeOrder(state, [{ action: 'change', estimate_line_id: bound, quantity: '4' }]);
    expect(quantity.lines[0]).toMatchObject({ new_quantity: '4.000', quantity_source: 'manual', delta: '800.00' });
  });

  it('the amount is the difference of the estimate totals, and stage deltas add up to it', () => {
    const state = contract({ markup_type: 'percent', markup_value: '12.5', discount_type: 'percent', discount_value: '3', vat_rate: '20' });
    const changes: ChangeLineInput[] = [
      { action: 'change', estimate_line_id: lineOf(state, 0, 0), quantity: '11.333' },
      { action: 'remove', estimate_line_id: lineOf(state, 0, 1) },
      { action: 'add', section_id: 20, name: 'Towel rail', unit: 'pc', quantity: '1', unit_price: '4321.09' },
    ];
    const result = computeChangeOrder(state, changes);
    const before = totalOf(state);
    const after = totalOf(result.after);
    expect(result.figures.before.total).toBe(before);
    expect(result.figures.after.total).toBe(after);
    const cents = (v: string) => BigInt(v.replace('.', ''));
    expect(cents(result.amount)).toBe(cents(after) - cents(before));
    expect(result.figures.stages.reduce((sum, s) => sum + cents(s.delta), 0n)).toBe(cents(result.amount));
    const d = result.figures.delta;
    expect(cents(d.subtotal) + cents(d.markup_amount) - cents(d.discount_amount) + cents(d.vat_amount)).toBe(cents(d.total));
    expect(result.lines.reduce((sum, l) => sum + cents(l.delta), 0n)).toBe(cents(d.subtotal));
  });
});

describe('computeChangeOrder: markup, discount and VAT', () => {
  // [what, settings, change (kitchen tiles 10 → 11 m² at 1500: +1500 at line prices), amount]
  const cases: Array<[string, Partial<ContractSettings>, string]> = [
    ['no adjustments', {}, '1500.00'],
    ['percent markup scales', { markup_type: 'percent', markup_value: '10' }, '1650.00'],
    ['amount markup stays', { markup_type: 'amount', markup_value: '5000' }, '1500.00'],
    ['percent discount scales', { discount_type: 'percent', discount_value: '10' }, '1350.00'],
    ['amount discount stays', { discount_type: 'amount', discount_value: '1000' }, '1500.00'],
    ['VAT on top', { vat_rate: '20' }, '1800.00'],
    ['VAT included', { vat_rate: '20', vat_included: true }, '1500.00'],
    ['all together', { markup_type: 'percent', markup_value: '15', discount_type: 'percent', discount_value: '5', vat_rate: '20' }, '1966.50'],
  ];
  it.each(cases)('%s', (_what, settings, amount) => {
    const state = contract(settings);
    const result = computeChangeOrder(state, [{ action: 'change', estimate_line_id: lineOf(state, 0, 0), quantity: '11' }]);
    expect(result.amount).toBe(amount);
    expect(result.lines[0]!.delta).toBe('1500.00');
  });

  it('rounds the way the estimate does: each total to kopecks, the delta exact', () => {
    const state = contract({ markup_type: 'percent', markup_value: '7', vat_rate: '20' });
    const result = computeChangeOrder(state, [{ action: 'add', section_id: 10, name: 'Grout', quantity: '0.333', unit_price: '99.99' }]);
    // 0.333 × 99.99 = 33.29667 → 33.30; the totals before and after are each rounded once.
    expect(result.lines[0]!.new_total).toBe('33.30');
    expect(result.figures.before.total).toBe('30045.60');
    expect(result.figures.after.total).toBe('30088.36');
    expect(result.amount).toBe('42.76');
  });

  it('yen has no minor unit', () => {
    const state = contract({ currency: 'JPY', vat_rate: '10' });
    const result = computeChangeOrder(state, [{ action: 'add', section_id: 10, name: 'Seal', quantity: '1', unit_price: '1005' }]);
    expect(result.amount).toBe('1106');
  });

  it('a section share shifted by an amount markup stays with the changed section', () => {
    const state = contract({ markup_type: 'amount', markup_value: '3000' });
    const result = computeChangeOrder(state, [{ action: 'add', section_id: 20, name: 'Mirror', quantity: '1', unit_price: '6000' }]);
    expect(result.amount).toBe('6000.00');
    expect(result.figures.stages).toEqual([{ stage_id: 200, section_id: 20, section_name: 'Bath', delta: '6000.00' }]);
  });
});

describe('computeChangeOrder: refusals name the line', () => {
  it.each<[string, (s: ContractState) => ChangeLineInput[], string]>([
    ['no lines', () => [], 'lines'],
    ['unknown section', () => [{ action: 'add', section_id: 999, name: 'X', unit_price: '1' }], 'lines.0.section_id'],
    ['unknown line', () => [{ action: 'remove', estimate_line_id: 999_999 }], 'lines.0.estimate_line_id'],
    ['no target', () => [{ action: 'change', quantity: '1' }], 'lines.0.estimate_line_id'],
    ['changes nothing', (s) => [{ action: 'change', estimate_line_id: lineOf(s, 0, 0), quantity: '10.000', unit_price: '1500' }], 'lines.0'],
    [
      'the same line twice',
      (s) => [
        { action: 'remove', estimate_line_id: lineOf(s, 0, 0) },
        { action: 'change', estimate_line_id: lineOf(s, 0, 0), quantity: '1' },
      ],
      'lines.1',
    ],
  ])('%s', (_what, changes, field) => {
    const state = contract();
    const error = refusal(() => computeChangeOrder(state, changes(state)));
    expect(Object.keys((error.details as { fields: Record<string, string> }).fields)).toEqual([field]);
  });
});

describe('change order text', () => {
  it('lists what is added, removed and changed with old → new and the adjustments', () => {
    const state = contract({ markup_type: 'percent', markup_value: '10', vat_rate: '20' });
    const result = computeChangeOrder(state, [
      { action: 'add', section_id: 10, name: 'Backsplash', unit: 'm²', quantity: '2', unit_price: '1000' },
      { action: 'remove', estimate_line_id: lineOf(state, 0, 1) },
      { action: 'change', estimate_line_id: lineOf(state, 0, 0), quantity: '12.5' },
    ]);
    const text = changeOrderText(result.lines as never, result.figures, 'EUR', 'en');
    expect(text.split('\n')).toEqual([
      'What changes:',
      '➕ Backsplash (Kitchen): 2 m² × €1,000 = +€2,000',
      '➖ Paint (Kitchen): 20 m² × €300 = -€6,000',
      '✏️ Tiles (Kitchen): 10 → 12.5 m²; €15,000 → €18,750 (+€3,750)',
      'Markup: -€25',
      'VAT: -€55',
    ]);
    expect(changeOrderText(result.lines as never, result.figures, 'RUB', 'ru')).toContain('10 → 12,5 m²');
  });
});
