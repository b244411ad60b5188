import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import { allocate, computeEstimate, lineQuantity, roomFigures, type EstimateInput } from './arithmetic.js';
import { addDecimals, currencyMinorUnits, divideDecimals, subtractDecimals, formatDecimal, roundDecimal, toDecimal } from '../money/decimal.js';

const line = (quantity: string, unit_price: string) => ({ name: 'work', unit: 'm²', quantity, unit_price });
const oneLine = (quantity: string, unit_price: string, extra: Partial<EstimateInput> = {}): EstimateInput => ({
  currency: 'RUB',
  sections: [{ name: 'Room', lines: [line(quantity, unit_price)] }],
  ...extra,
});

describe('computeEstimate: arithmetic table', () => {
  // [what, input, subtotal, markup, discount, vat, total]
  const cases: Array<[string, EstimateInput, string, string, string, string, string]> = [
    ['one line', oneLine('10', '150'), '1500.00', '0.00', '0.00', '0.00', '1500.00'],
    ['fractional quantity', oneLine('12.5', '1100'), '13750.00', '0.00', '0.00', '0.00', '13750.00'],
    ['three-decimal quantity rounds the line half up', oneLine('1.005', '1'), '1.01', '0.00', '0.00', '0.00', '1.01'],
    ['kopecks times fraction', oneLine('0.333', '99.99'), '33.30', '0.00', '0.00', '0.00', '33.30'],
    ['float trap 0.1 × 3', oneLine('3', '0.10'), '0.30', '0.00', '0.00', '0.00', '0.30'],
    ['zero quantity', oneLine('0', '500'), '0.00', '0.00', '0.00', '0.00', '0.00'],
    ['empty estimate', { currency: 'RUB', sections: [] }, '0.00', '0.00', '0.00', '0.00', '0.00'],
    ['markup percent', oneLine('1', '1000', { markup_type: 'percent', markup_value: '15' }), '1000.00', '150.00', '0.00', '0.00', '1150.00'],
    ['markup percent rounds', oneLine('1', '333.33', { markup_type: 'percent', markup_value: '10' }), '333.33', '33.33', '0.00', '0.00', '366.66'],
    ['markup amount', oneLine('2', '500', { markup_type: 'amount', markup_value: '250.50' }), '1000.00', '250.50', '0.00', '0.00', '1250.50'],
    [
      'discount percent after markup',
      oneLine('1', '1000', { markup_type: 'percent', markup_value: '20', discount_type: 'percent', discount_value: '10' }),
      '1000.00',
      '200.00',
      '120.00',
      '0.00',
      '1080.00',
    ],
    ['discount amount', oneLine('1', '1000', { discount_type: 'amount', discount_value: '99.99' }), '1000.00', '0.00', '99.99', '0.00', '900.01'],
    ['discount equal to the estimate', oneLine('1', '1000', { discount_type: 'amount', discount_value: '1000' }), '1000.00', '0.00', '1000.00', '0.00', '0.00'],
    ['100% discount', oneLine('1', '1000', { discount_type: 'percent', discount_value: '100' }), '1000.00', '0.00', '1000.00', '0.00', '0.00'],
    ['VAT 20% on top', oneLine('1', '1000', { vat_rate: '20' }), '1000.00', '0.00', '0.00', '200.00', '1200.00'],
    ['VAT 20% included', oneLine('1', '1200', { vat_rate: '20', vat_included: true }), '1200.00', '0.00', '0.00', '200.00', '1200.00'],
    ['VAT included rounds', oneLine('1', '100', { vat_rate: '20', vat_included: true }), '100.00', '0.00', '0.00', '16.67', '100.00'],
    ['VAT on top rounds half up', oneLine('1', '0.25', { vat_rate: '10' }), '0.25', '0.00', '0.00', '0.03', '0.28'],
    ['VAT 0%', oneLine('1', '500', { vat_rate: '0' }), '500.00', '0.00', '0.00', '0.00', '500.00'],
    [
      'markup, discount and VAT together',
      oneLine('10', '1234.56', { markup_type: 'percent', markup_value: '12.5', discount_type: 'amount', discount_value: '345.67', vat_rate: '20' }),
      '12345.60',
      '1543.20',
      '345.67',
      '2708.63',
      '16251.76',
    ],
    ['yen has no minor unit', { currency: 'JPY', sections: [{ name: 'Room', lines: [line('1.5', '101')] }] }, '152', '0', '0', '0', '152'],
    [
      'yen VAT rounds to whole yen',
      { currency: 'JPY', vat_rate: '10', sections: [{ name: 'Room', lines: [line('1', '1005')] }] },
      '1005',
      '0',
      '0',
      '101',
      '1106',
    ],
    ['large amounts stay exact', oneLine('999999.999', '999999.99'), '999999989000.00', '0.00', '0.00', '0.00', '999999989000.00'],
    [
      'several sections add up',
      {
        currency: 'RUB',
        sections: [
          { name: 'Kitchen', lines: [line('2', '100.10'), line('3', '0.05')] },
          { name: 'Bath', lines: [line('1', '49.75')] },
        ],
      },
      '250.10',
      '0.00',
      '0.00',
      '0.00',
      '250.10',
    ],
  ];

  it.each(cases)('%s', (_what, input, subtotal, markup, discount, vat, total) => {
    const result = computeEstimate(input);
    expect({ subtotal: result.subtotal, markup: result.markup_amount, discount: result.discount_amount, vat: result.vat_amount, total: result.total }).toEqual({
      subtotal,
      markup,
      discount,
      vat,
      total,
    });
    const net = subtractDecimals(addDecimals(toDecimal(subtotal), toDecimal(markup)), toDecimal(discount));
    expect(result.net).toBe(formatDecimal(net, currencyMinorUnits(input.currency)));
  });

  it('net is subtotal + markup − discount and the total adds VAT only when on top', () => {
    const onTop = computeEstimate(
      oneLine('3', '333.33', { markup_type: 'percent', markup_value: '7', discount_type: 'percent', discount_value: '3', vat_rate: '20' }),
    );
    expect(onTop.net).toBe('1037.89');
    expect(onTop.total).toBe('1245.47');
    const included = computeEstimate(
      oneLine('3', '333.33', { markup_type: 'percent', markup_value: '7', discount_type: 'percent', discount_value: '3', vat_rate: '20', vat_included: true }),
    );
    expect(included.total).toBe(included.net);
    expect(included.vat_amount).toBe('172.98');
  });

  it('line totals and section subtotals are reported per line and section', () => {
    const result = computeEstimate({
      currency: 'RUB',
      sections: [
        { name: 'Kitchen', lines: [line('2', '100.10'), line('3', '0.05')] },
        { name: 'Bath', lines: [] },
      ],
    });
    expect(result.sections.map((s) => s.subtotal)).toEqual(['200.35', '0.00']);
    expect(result.sections[0]!.lines).toEqual([
      { quantity: '2.000', total: '200.20' },
      { quantity: '3.000', total: '0.15' },
    ]);
  });

  it('section shares of the total add up exactly to the total', () => {
    const result = computeEstimate({
      currency: 'RUB',
      markup_type: 'percent',
      markup_value: '10',
      vat_rate: '20',
      sections: [
        { name: 'A', lines: [line('1', '100')] },
        { name: 'B', lines: [line('1', '100')] },
        { name: 'C', lines: [line('1', '100')] },
      ],
    });
    expect(result.total).toBe('396.00');
    expect(result.sections.map((s) => s.total)).toEqual(['132.00', '132.00', '132.00']);
    const odd = computeEstimate({
      currency: 'RUB',
      discount_type: 'amount',
      discount_value: '0.01',
      sections: [
        { name: 'A', lines: [line('1', '1')] },
        { name: 'B', lines: [line('1', '1')] },
        { name: 'C', lines: [line('1', '1')] },
      ],
    });
    expect(odd.sections.map((s) => s.total)).toEqual(['1.00', '1.00', '0.99']);
  });

  it('refuses a discount above the estimate and names the field', () => {
    expect(() => computeEstimate(oneLine('1', '100', { discount_type: 'amount', discount_value: '100.01' }))).toThrow(DomainError);
    try {
      computeEstimate(oneLine('1', '100', { discount_type: 'percent', discount_value: '101' }));
    } catch (error) {
      expect((error as DomainError).details).toEqual({ fields: { discount_value: 'is larger than the estimate' } });
    }
  });
});

describe('room measures', () => {
  it('floor area, perimeter and wall area with openings subtracted', () => {
    expect(
      roomFigures({
        length: '4.2',
        width: '3.15',
        height: '2.7',
        openings: [
          { width: '0.9', height: '2.1' },
          { width: '1.5', height: '1.4' },
        ],
      }),
    ).toEqual({ floor_area: '13.23', perimeter: '14.70', wall_area: '35.70' });
  });

  it('rounds areas to square centimetres half up', () => {
    expect(roomFigures({ length: '3.33', width: '3.33' }).floor_area).toBe('11.09');
    expect(roomFigures({ length: '1.05', width: '1.01' }).floor_area).toBe('1.06');
  });

  it('is null where a measure is missing', () => {
    expect(roomFigures({})).toEqual({ floor_area: null, perimeter: null, wall_area: null });
    expect(roomFigures({ length: '3', width: '2' })).toEqual({ floor_area: '6.00', perimeter: '10.00', wall_area: null });
  });

  it('refuses openings larger than the walls', () => {
    expect(() => roomFigures({ length: '1', width: '1', height: '1', openings: [{ width: '3', height: '2' }] }, 'sections.0')).toThrow(/sections\.0\.openings/);
  });

  it('binds a line quantity to its room', () => {
    const room = roomFigures({ length: '5', width: '4', height: '2.5', openings: [{ width: '1', height: '2' }] });
    expect(lineQuantity({ ...line('99', '1'), quantity_source: 'floor_area' }, room)).toBe('20.000');
    expect(lineQuantity({ ...line('99', '1'), quantity_source: 'wall_area' }, room)).toBe('43.000');
    expect(lineQuantity({ ...line('99', '1'), quantity_source: 'perimeter' }, room)).toBe('18.000');
    expect(lineQuantity({ ...line('7.5', '1'), quantity_source: 'manual' }, room)).toBe('7.500');
  });

  it('a bound quantity without measures names the line', () => {
    expect(() => computeEstimate({ currency: 'RUB', sections: [{ name: 'Hall', lines: [{ ...line('1', '1'), quantity_source: 'wall_area' }] }] })).toThrow(
      /sections\.0\.lines\.0\.quantity_source/,
    );
  });

  it('a bound line in the estimate uses the measured area', () => {
    const result = computeEstimate({
      currency: 'RUB',
      sections: [
        {
          name: 'Bedroom',
          length: '4',
          width: '3',
          height: '2.6',
          openings: [],
          lines: [
            { name: 'Laminate', unit: 'm²', quantity: '0', quantity_source: 'floor_area', unit_price: '850' },
            { name: 'Paint', unit: 'm²', quantity: '0', quantity_source: 'wall_area', unit_price: '320.50' },
          ],
        },
      ],
    });
    expect(result.sections[0]!.lines).toEqual([
      { quantity: '12.000', total: '10200.00' },
      { quantity: '36.400', total: '11666.20' },
    ]);
    expect(result.total).toBe('21866.20');
  });
});

describe('decimal rounding', () => {
  it.each([
    ['2.345', 2, '2.35'],
    ['-2.345', 2, '-2.35'],
    ['2.344', 2, '2.34'],
    ['0.005', 2, '0.01'],
    ['0.5', 0, '1'],
    ['-0.5', 0, '-1'],
    ['1.2', 3, '1.200'],
  ])('%s to %i decimals is %s', (value, scale, expected) => {
    expect(formatDecimal(roundDecimal(toDecimal(value), scale))).toBe(expected);
  });

  it('divides exactly and rounds once', () => {
    expect(formatDecimal(divideDecimals(toDecimal('200'), toDecimal('3'), 2))).toBe('66.67');
    expect(formatDecimal(divideDecimals(toDecimal('-1'), toDecimal('8'), 2))).toBe('-0.13');
  });

  it('knows currency minor units', () => {
    expect([currencyMinorUnits('RUB'), currencyMinorUnits('USD'), currencyMinorUnits('JPY'), currencyMinorUnits('KZT')]).toEqual([2, 2, 0, 2]);
  });

  it('allocates remainders to the largest shares first', () => {
    expect(allocate(toDecimal('10'), [toDecimal('1'), toDecimal('1'), toDecimal('1')], 2).map((d) => formatDecimal(d))).toEqual(['3.34', '3.33', '3.33']);
    expect(allocate(toDecimal('5'), [toDecimal('0'), toDecimal('0')], 2).map((d) => formatDecimal(d))).toEqual(['5.00', '0.00']);
  });
});

describe('limits', () => {
  it('a line total beyond the money column names the line', () => {
    expect(() => computeEstimate(oneLine('999999999.999', '999999999999.99'))).toThrow(/sections\.0\.lines\.0\.total/);
  });
  it('a total beyond the money column names the total', () => {
    const big = { name: 'x', unit: '', quantity: '1', unit_price: '600000000000' };
    expect(() =>
      computeEstimate({
        currency: 'RUB',
        sections: [
          { name: 'A', lines: [big] },
          { name: 'B', lines: [big] },
        ],
      }),
    ).toThrow(/subtotal/);
  });
  it('a VAT rate above 100% names the field', () => {
    expect(() => computeEstimate(oneLine('1', '1', { vat_rate: '120' }))).toThrow(/vat_rate/);
  });
});

describe('quantities read back', () => {
  it('a three-decimal quantity as the API answers it reads as itself, not as thousands', async () => {
    const { decimal } = await import('../validation.js');
    const quantity = decimal({ precision: 12, scale: 3 });
    expect(['6.000', '1.500', '0.125', '12', '2,5', '1 500'].map((v) => quantity.parse(v))).toEqual(['6.000', '1.500', '0.125', '12', '2.5', '1500']);
  });
});
