import { invalid } from '../errors.js';

/**
 * Amounts as people type them in a chat: "12 500", "12,5к", "1.2 млн", "15 т.р.", "$120", "полтора млн".
 * The result is an exact NUMERIC string with two decimals ("12500.00"); all arithmetic is done on
 * digit strings, never on floats.
 */
const AMOUNT_RE = new RegExp(
  '^(?:[$€₽]\\s*)?' +
    '(?<num>полтора|полторы|\\d[\\d\\s.,]*)\\s*' +
    '(?<mult>кк|kk|к|k|тыс\\.?|тысяч[аи]?|т\\.?|млн\\.?|миллион(?:а|ов)?|mln|m)?\\s*' +
    '(?<cur>₽|р\\.?|руб\\.?|рубл(?:ей|я|ь)|rub|rur|\\$|€|usd|eur|долл\\.?|доллар(?:ов|а)?|евро)?$',
  'u',
);

const MAX_INTEGER_DIGITS = 12; // NUMERIC(14, 2)

export function parseAmount(input: string, field = 'amount'): string {
  const fail = (why: string) => invalid({ [field]: why }, 'Invalid amount');
  const text = input.toLowerCase().replace(/[\u00a0\u2009\u202f']/g, ' ').replace(/\s+/g, ' ').trim();
  if (text.startsWith('-')) throw fail('must be greater than zero');
  const match = AMOUNT_RE.exec(text);
  if (!match?.groups) throw fail('is not a number, e.g. 12 500 or 12,5к');
  const { num = '', mult } = match.groups;
  const exponent = multiplierExponent(mult);
  const decimal = num.startsWith('полтор') ? '1.5' : normaliseDigits(num.trim(), exponent > 0);
  if (decimal === null) throw fail('is not a number, e.g. 12 500 or 12,5к');
  const scaled = shiftDecimal(decimal, exponent);
  const [intPart = '0', fraction = ''] = scaled.split('.');
  const significantFraction = fraction.replace(/0+$/, '');
  if (significantFraction.length > 2) throw fail('must have at most 2 decimals');
  const integer = intPart.replace(/^0+(?=\d)/, '');
  if (integer.length > MAX_INTEGER_DIGITS) throw fail('is too large');
  const result = `${integer}.${significantFraction.padEnd(2, '0')}`;
  if (/^0\.00$/.test(result)) throw fail('must be greater than zero');
  return result;
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

/**
 * Resolves thousands separators vs the decimal mark. With both "." and "," the last one is the
 * decimal mark; a single mark followed by exactly three digits is a thousands separator unless a
 * multiplier follows ("1,500" = 1500 but "1,500к" = 1500.0 thousand would be odd, so 1.5k).
 */
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
    s = s.split(thousandsMark).join('').replace(decimalMark, '.');
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
  const [intPart = '0', fraction = ''] = decimal.split('.');
  const padded = fraction.padEnd(exponent, '0');
  return `${intPart}${padded.slice(0, exponent)}.${padded.slice(exponent)}`.replace(/\.$/, '');
}
