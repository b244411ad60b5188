import { invalid } from '../errors.js';
import {
  addDecimals,
  compareDecimals,
  currencyMinorUnits,
  divideDecimals,
  formatDecimal,
  isNegativeDecimal,
  multiplyDecimals,
  roundDecimal,
  subtractDecimals,
  toDecimal,
  type Decimal,
} from '../money/decimal.js';

/**
 * The arithmetic of an estimate (смета), the one place it is done: room measures, line totals,
 * section subtotals, markup, discount, VAT and the grand total. Pure: the API stores what this
 * returns, and the back office shows totals the API computed with it.
 *
 * Order: line total = quantity × unit price, rounded to the currency's minor unit;
 * subtotal = Σ line totals; markup on the subtotal; discount on subtotal + markup;
 * net = subtotal + markup − discount; VAT either on top of net or included in it; total.
 * Each section's share of the total is allocated in proportion to its subtotal so that the shares
 * add up exactly to the total (they become the project's stage budgets).
 */
export { QUANTITY_SOURCES, ADJUSTMENT_TYPES } from '@crm/contracts';
export type { QuantitySource } from '@crm/contracts';
import type { AdjustmentType, EstimateFigures, QuantitySource } from '@crm/contracts';

/** Decimal places of room measures (metres, m²) and line quantities. */
export const MEASURE_SCALE = 2;
const QUANTITY_SCALE = 3;

interface Opening {
  width: string;
  height: string;
}
export interface RoomMeasures {
  length?: string | null;
  width?: string | null;
  height?: string | null;
  openings?: Opening[];
}

export interface EstimateLineInput {
  name: string;
  unit: string;
  quantity: string;
  quantity_source?: QuantitySource;
  unit_price: string;
}

export interface EstimateSectionInput extends RoomMeasures {
  name: string;
  lines: EstimateLineInput[];
}

export interface EstimateInput {
  currency: string;
  markup_type?: AdjustmentType;
  markup_value?: string;
  discount_type?: AdjustmentType;
  discount_value?: string;
  /** VAT rate in percent; null or absent: no VAT. */
  vat_rate?: string | null;
  /** true: prices already include VAT; false: VAT is added on top. */
  vat_included?: boolean;
  sections: EstimateSectionInput[];
}

export interface RoomFigures {
  floor_area: string | null;
  wall_area: string | null;
  perimeter: string | null;
}

/** The figures of an estimate are what the API answers (`EstimateFigures` of the contracts). */
export type EstimateTotals = EstimateFigures;

const ZERO: Decimal = { units: 0n, scale: 0 };
const HUNDRED = toDecimal('100');
const present = (value: string | null | undefined): value is string => value !== null && value !== undefined && value !== '';

/**
 * Floor area (length × width), perimeter (2 × (length + width)) and wall area (perimeter × height
 * minus the openings), in metres and m² to two decimals; null where a measure is missing.
 */
export function roomFigures(room: RoomMeasures, field = 'room'): RoomFigures {
  const hasPlan = present(room.length) && present(room.width);
  const floor = hasPlan ? multiplyDecimals(toDecimal(room.length!), toDecimal(room.width!)) : null;
  const perimeter = hasPlan ? multiplyDecimals(toDecimal('2'), addDecimals(toDecimal(room.length!), toDecimal(room.width!))) : null;
  let walls: Decimal | null = null;
  if (perimeter && present(room.height)) {
    const openings = addDecimals(ZERO, ...(room.openings ?? []).map((o) => multiplyDecimals(toDecimal(o.width), toDecimal(o.height))));
    walls = subtractDecimals(multiplyDecimals(perimeter, toDecimal(room.height)), openings);
    if (isNegativeDecimal(walls)) throw invalid({ [`${field}.openings`]: 'openings are larger than the walls' }, 'Invalid room measures');
  }
  const text = (d: Decimal | null) => (d ? formatDecimal(d, MEASURE_SCALE) : null);
  return { floor_area: text(floor), wall_area: text(walls), perimeter: text(perimeter) };
}

/** The quantity a line carries: typed by hand, or taken from its room's measures. */
export function lineQuantity(line: EstimateLineInput, room: RoomFigures, field = 'line'): string {
  const source = line.quantity_source ?? 'manual';
  if (source === 'manual') return formatDecimal(toDecimal(line.quantity), QUANTITY_SCALE);
  const measure = room[source];
  if (measure === null) throw invalid({ [`${field}.quantity_source`]: `needs the room's measures for ${source.replace('_', ' ')}` }, 'Invalid estimate line');
  return formatDecimal(toDecimal(measure), QUANTITY_SCALE);
}

function adjustment(type: AdjustmentType | undefined, value: string | undefined, base: Decimal, minor: number, field: string): Decimal {
  if (!present(value)) return roundDecimal(ZERO, minor);
  const amount = type === 'amount' ? toDecimal(value) : divideDecimals(multiplyDecimals(base, toDecimal(value)), HUNDRED, minor);
  if (isNegativeDecimal(amount)) throw invalid({ [field]: 'must not be negative' }, 'Invalid estimate');
  return roundDecimal(amount, minor);
}

/** Splits `total` over `weights` in proportion, in minor units, so the parts add up exactly (largest remainder). */
export function allocate(total: Decimal, weights: Decimal[], minor: number): Decimal[] {
  if (!weights.length) return [];
  const totalUnits = roundDecimal(total, minor).units;
  const weightSum = addDecimals(ZERO, ...weights);
  if (weightSum.units === 0n) return weights.map((_, i) => ({ units: i === 0 ? totalUnits : 0n, scale: minor }));
  const scale = Math.max(...weights.map((w) => w.scale), weightSum.scale);
  const scaled = weights.map((w) => w.units * 10n ** BigInt(scale - w.scale));
  const sum = weightSum.units * 10n ** BigInt(scale - weightSum.scale);
  const floors = scaled.map((w) => (totalUnits * w) / sum);
  const remainders = scaled.map((w, i) => ({ i, r: totalUnits * w - floors[i]! * sum }));
  let left = totalUnits - floors.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0n) break;
    floors[i]! += 1n;
    left -= 1n;
  }
  return floors.map((units) => ({ units, scale: minor }));
}

/** Money columns are NUMERIC(14, 2): twelve digits before the decimal mark. */
const MONEY_WHOLE_DIGITS = 12;
function checkFits(value: Decimal, field: string): Decimal {
  const whole = formatDecimal(value, 0).replace('-', '');
  if (whole.length > MONEY_WHOLE_DIGITS) throw invalid({ [field]: `is too large: must be below ${10 ** MONEY_WHOLE_DIGITS}` }, 'Invalid estimate');
  return value;
}

/** Every figure of an estimate, as exact NUMERIC strings rounded to the currency's minor unit. */
export function computeEstimate(input: EstimateInput): EstimateTotals {
  const minor = currencyMinorUnits(input.currency);
  if (present(input.vat_rate) && compareDecimals(toDecimal(input.vat_rate), HUNDRED) > 0)
    throw invalid({ vat_rate: 'must be between 0 and 100' }, 'Invalid estimate');
  const money = (d: Decimal) => formatDecimal(d, minor);
  const sections = input.sections.map((section, s) => {
    const room = roomFigures(section, `sections.${s}`);
    const lines = section.lines.map((line, l) => {
      const quantity = lineQuantity(line, room, `sections.${s}.lines.${l}`);
      const total = checkFits(roundDecimal(multiplyDecimals(toDecimal(quantity), toDecimal(line.unit_price)), minor), `sections.${s}.lines.${l}.total`);
      return { quantity, total };
    });
    return { room, lines, subtotal: checkFits(addDecimals(roundDecimal(ZERO, minor), ...lines.map((l) => l.total)), `sections.${s}.subtotal`) };
  });
  const subtotal = addDecimals(roundDecimal(ZERO, minor), ...sections.map((s) => s.subtotal));
  const markup = adjustment(input.markup_type, input.markup_value, subtotal, minor, 'markup_value');
  const base = addDecimals(subtotal, markup);
  const discount = adjustment(input.discount_type, input.discount_value, base, minor, 'discount_value');
  if (compareDecimals(discount, base) > 0) throw invalid({ discount_value: 'is larger than the estimate' }, 'Invalid estimate');
  const net = subtractDecimals(base, discount);
  let vat = roundDecimal(ZERO, minor);
  let total = net;
  if (present(input.vat_rate)) {
    const rate = toDecimal(input.vat_rate);
    if (input.vat_included) vat = divideDecimals(multiplyDecimals(net, rate), addDecimals(HUNDRED, rate), minor);
    else {
      vat = divideDecimals(multiplyDecimals(net, rate), HUNDRED, minor);
      total = addDecimals(net, vat);
    }
  }
  checkFits(subtotal, 'subtotal');
  checkFits(markup, 'markup_value');
  checkFits(total, 'total');
  const shares = allocate(
    total,
    sections.map((s) => s.subtotal),
    minor,
  );
  return {
    currency: input.currency,
    subtotal: money(subtotal),
    markup_amount: money(markup),
    discount_amount: money(discount),
    net: money(net),
    vat_amount: money(vat),
    total: money(total),
    sections: sections.map((s, i) => ({
      ...s.room,
      subtotal: money(s.subtotal),
      total: money(shares[i]!),
      lines: s.lines.map((l) => ({ quantity: l.quantity, total: money(l.total) })),
    })),
  };
}
