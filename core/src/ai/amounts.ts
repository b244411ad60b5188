// Exact decimal helpers for amounts read from free text: values travel as NUMERIC strings and are
// scaled with BigInt, never through floating point.
import { readMoney } from '../money/parse-money.js';

interface Decimal {
  integer: string;
  fraction: string;
}

/** Reads "2 000 000", "2,000,000", "1,5", "1.500" exactly as everywhere else (money/parse-money.ts). */
function parseDecimal(text: string, multiplied = false): Decimal | null {
  const result = readMoney(text, { scale: 20, maxIntegerDigits: 30, multiplied });
  if (!result.ok) return null;
  const [integer = '0', fraction = ''] = result.value.split('.');
  return { integer, fraction };
}

/** The decimal times `multiplier`, truncated to hundredths, as a NUMERIC string ("1500000.00"). */
export function scaleAmount(text: string, multiplier: bigint = 1n): string | null {
  const decimal = parseDecimal(text, multiplier > 1n);
  if (!decimal) return null;
  const scale = 10n ** BigInt(decimal.fraction.length);
  const exact = (BigInt(decimal.integer) * scale + BigInt(decimal.fraction || '0')) * multiplier * 100n;
  return formatHundredths(exact / scale);
}

function formatHundredths(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

function hundredths(amount: string): bigint {
  const negative = amount.trim().startsWith('-');
  const decimal = parseDecimal(amount.trim().replace(/^-/, ''));
  if (!decimal) throw new Error(`not an amount: ${amount}`);
  const value = BigInt(decimal.integer) * 100n + BigInt((decimal.fraction + '00').slice(0, 2));
  return negative ? -value : value;
}

/** Compares two NUMERIC strings exactly: -1, 0 or 1. */
export function compareAmounts(a: string, b: string): number {
  const x = hundredths(a);
  const y = hundredths(b);
  return x === y ? 0 : x > y ? 1 : -1;
}

/** Area as a plain decimal string with at most 2 decimals ("45", "45.5"), or null. */
export function normaliseArea(text: string): string | null {
  const match = /^(\d{1,5})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  const value = `${BigInt(match[1])}${fraction ? `.${fraction}` : ''}`;
  return /^0(\.0*)?$/.test(value) ? null : value;
}
