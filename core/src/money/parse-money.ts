import { invalid } from '../errors.js';

/**
 * The one reader of amounts as people type them, used by the API schemas (and so by the back office
 * inputs), the bot and the AI extractor: "12 500", "12 500,50", "1,500.50", "1.500,50", "12,5к",
 * "1,5 млн", "15 т.р.", "$120", "полтора млн". All arithmetic is on digit strings, never on floats.
 *
 * How separators read (the same everywhere):
 * - spaces, NBSP, thin spaces and apostrophes group thousands ("12 500", "12'500");
 * - with both "." and "," the last one is the decimal mark ("1,500.50" and "1.500,50" are 1500.5);
 * - one mark followed by exactly three digits groups thousands: "1.500" and "1,500" are 1500 —
 *   unless the whole part is 0 ("0.500" is 0.5) or a multiplier follows ("1,500к" is 1500);
 * - otherwise one mark is the decimal mark: "12,5" and "12.5" are 12.5, "1,2345" is 1.2345.
 */
const AMOUNT_RE = new RegExp(
  '^(?<sign>[-−])?\\s*(?:[$€₽₸]\\s*)?' +
    '(?<num>полтора|полторы|\\d[\\d\\s.,]*)\\s*' +
    '(?<mult>кк|kk|к|k|тыс\\.?|тысяч[аи]?|т\\.?\\s?р\\.?|т\\.?|млн\\.?|миллион(?:а|ов)?|mln|m)?\\s*' +
    '(?<cur>₽|₸|р\\.?|руб\\.?|рубл(?:ей|я|ь)|rub|rur|\\$|€|usd|eur|долл\\.?|доллар(?:ов|а)?|евро|тенге|kzt)?$',
  'u',
);

export type MoneyProblem = 'not_a_number' | 'too_many_decimals' | 'too_large' | 'negative';

export const MONEY_PROBLEMS: Record<MoneyProblem, string> = {
  not_a_number: 'is not an amount, e.g. 12 500 or 12,5к',
  too_many_decimals: 'has too many decimals',
  too_large: 'is too large',
  negative: 'must not be negative',
};

export interface MoneyOptions {
  /** Decimal places the value may carry (default 2). */
  scale?: number;
  /** Digits before the decimal mark (default 12, NUMERIC(14, 2)). */
  maxIntegerDigits?: number;
  /** Whether "-500" is an amount (a change order that lowers the price) (default false). */
  negative?: boolean;
  /** The caller read a multiplier after the number itself ("1,500" of "1,500 тыс" is 1.5). */
  multiplied?: boolean;
}

export type MoneyResult = { ok: true; value: string } | { ok: false; problem: MoneyProblem };

/**
 * Reads an amount into an exact decimal string with the fraction as typed ("12,50" → "12.50",
 * "12,5к" → "12500", "-3 000" → "-3000"). Numbers from JSON are taken as they are.
 */
export function readMoney(input: string | number, options: MoneyOptions = {}): MoneyResult {
  const { scale = 2, maxIntegerDigits = 12, negative = false, multiplied = false } = options;
  let decimal: string | null;
  let isNegative: boolean;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, problem: 'not_a_number' };
    const text = String(input);
    if (/e/i.test(text)) return { ok: false, problem: Math.abs(input) >= 1 ? 'too_large' : 'too_many_decimals' };
    isNegative = text.startsWith('-');
    decimal = text.replace(/^-/, '');
  } else {
    const text = input
      .toLowerCase()
      .replace(/[\u00a0\u2009\u202f']/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const match = AMOUNT_RE.exec(text);
    if (!match?.groups) return { ok: false, problem: 'not_a_number' };
    const { num = '', mult, sign } = match.groups;
    isNegative = Boolean(sign);
    const exponent = multiplierExponent(mult);
    const digits = num.startsWith('полтор') ? '1.5' : normaliseDigits(num.trim(), exponent > 0 || multiplied);
    decimal = digits === null ? null : shiftDecimal(digits, exponent);
  }
  if (decimal === null) return { ok: false, problem: 'not_a_number' };
  const [intPart = '0', typedFraction = ''] = decimal.split('.');
  // Zeros past the scale are harmless ("5.0000" for a 2-decimal amount); other digits are not.
  const fraction = typedFraction.length > scale ? typedFraction.replace(/0+$/, '') : typedFraction;
  if (fraction.length > scale) return { ok: false, problem: 'too_many_decimals' };
  const integer = intPart.replace(/^0+(?=\d)/, '');
  if (integer.length > maxIntegerDigits) return { ok: false, problem: 'too_large' };
  const isZero = /^0+$/.test(integer + fraction.padEnd(1, '0'));
  if (isNegative && !isZero && !negative) return { ok: false, problem: 'negative' };
  return { ok: true, value: `${isNegative && !isZero ? '-' : ''}${integer}${fraction ? `.${fraction}` : ''}` };
}

/** An amount a person typed, as NUMERIC with two decimals ("12500.00"); must be above zero. */
export function parseAmount(input: string, field = 'amount'): string {
  const fail = (why: string) => invalid({ [field]: why }, 'Invalid amount');
  const result = readMoney(input);
  if (!result.ok) throw fail(result.problem === 'negative' ? 'must be greater than zero' : MONEY_PROBLEMS[result.problem]);
  const [integer, fraction = ''] = result.value.split('.');
  const value = `${integer}.${fraction.padEnd(2, '0')}`;
  if (value === '0.00') throw fail('must be greater than zero');
  return value;
}

/** Like parseAmount, but null instead of an error: for chat input where a hint is the answer. */
export function tryParseAmount(input: string): string | null {
  try {
    return parseAmount(input);
  } catch {
    return null;
  }
}

function multiplierExponent(mult: string | undefined): number {
  if (!mult) return 0;
  if (/^(кк|kk|млн|миллион|mln|m$)/.test(mult)) return 6;
  return 3;
}

/** Resolves thousands separators against the decimal mark (the rules are in the comment on top). */
function normaliseDigits(raw: string, hasMultiplier: boolean): string | null {
  const groups = raw.split(' ');
  if (groups.length > 1 && !groups.slice(1).every((g, i) => /^\d{3}/.test(g) && (i === groups.length - 2 || g.length === 3))) return null;
  let s = groups.join('');
  const dots = (s.match(/\./g) ?? []).length;
  const commas = (s.match(/,/g) ?? []).length;
  if (dots && commas) {
    const decimalMark = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    const thousandsMark = decimalMark === '.' ? ',' : '.';
    if ((s.match(new RegExp(`\\${decimalMark}`, 'g')) ?? []).length > 1) return null;
    const [whole = '', fraction = ''] = s.split(decimalMark);
    const wholeGroups = whole.split(thousandsMark);
    if (!wholeGroups.slice(1).every((p) => p.length === 3) || !/^\d{1,3}$/.test(wholeGroups[0] ?? '')) return null;
    s = `${wholeGroups.join('')}.${fraction}`;
  } else if (dots + commas > 1) {
    const mark = dots ? '.' : ',';
    const parts = s.split(mark);
    if (!parts.slice(1).every((p) => p.length === 3)) return null;
    s = parts.join('');
  } else if (dots + commas === 1) {
    const [head = '', tail = ''] = s.split(/[.,]/);
    const looksLikeThousands = tail.length === 3 && !hasMultiplier && !/^0+$/.test(head);
    s = looksLikeThousands ? head + tail : `${head}.${tail}`;
  }
  return /^\d+(\.\d+)?$/.test(s) ? s : null;
}

function shiftDecimal(decimal: string, exponent: number): string {
  if (!exponent) return decimal;
  const [intPart = '0', fraction = ''] = decimal.split('.');
  const padded = fraction.padEnd(exponent, '0');
  return `${intPart}${padded.slice(0, exponent)}.${padded.slice(exponent)}`.replace(/\.$/, '');
}
