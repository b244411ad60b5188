/**
 * Exact decimal arithmetic for money and measures: values are scaled BigInts, never floats.
 * Inputs and outputs are NUMERIC strings ("12500.50", "-3", "0.125"), as PostgreSQL and the API carry them.
 * Rounding is half away from zero, the commercial rule (2.345 → 2.35, −2.345 → −2.35).
 */
export interface Decimal {
  units: bigint;
  scale: number;
}

const DECIMAL_RE = /^(-)?(\d+)(?:\.(\d+))?$/;

export function toDecimal(value: string | number): Decimal {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL_RE.exec(text);
  if (!match) throw new RangeError(`Not a decimal number: ${text}`);
  const fraction = match[3] ?? '';
  const units = BigInt(`${match[2]}${fraction}`);
  return { units: match[1] ? -units : units, scale: fraction.length };
}

const rescale = (a: Decimal, scale: number): bigint => a.units * 10n ** BigInt(scale - a.scale);

export function addDecimals(...values: Decimal[]): Decimal {
  const scale = Math.max(0, ...values.map((v) => v.scale));
  return { units: values.reduce((sum, v) => sum + rescale(v, scale), 0n), scale };
}

const negate = (a: Decimal): Decimal => ({ units: -a.units, scale: a.scale });
export const subtractDecimals = (a: Decimal, b: Decimal): Decimal => addDecimals(a, negate(b));
export const multiplyDecimals = (a: Decimal, b: Decimal): Decimal => ({ units: a.units * b.units, scale: a.scale + b.scale });

/** Integer division of scaled units, rounded half away from zero. */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('Division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

export function roundDecimal(a: Decimal, scale: number): Decimal {
  if (a.scale <= scale) return { units: rescale(a, scale), scale };
  return { units: divideRounded(a.units, 10n ** BigInt(a.scale - scale)), scale };
}

/** a ÷ b rounded to `scale` decimals. */
export function divideDecimals(a: Decimal, b: Decimal, scale: number): Decimal {
  // a/b = (a.units / 10^a.scale) / (b.units / 10^b.scale); scaled to 10^scale.
  const numerator = a.units * 10n ** BigInt(scale + b.scale);
  const denominator = b.units * 10n ** BigInt(a.scale);
  return { units: divideRounded(numerator, denominator), scale };
}

export const compareDecimals = (a: Decimal, b: Decimal): number => {
  const diff = subtractDecimals(a, b).units;
  return diff === 0n ? 0 : diff > 0n ? 1 : -1;
};

export const isNegativeDecimal = (a: Decimal): boolean => a.units < 0n;

/** The NUMERIC text of a decimal with exactly `scale` decimals (rounded when it carries more). */
export function formatDecimal(a: Decimal, scale = a.scale): string {
  const { units } = roundDecimal(a, scale);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale ? `.${digits.slice(-scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * Decimal places of a currency's minor unit (RUB, USD: 2; JPY, KRW: 0), as Intl knows it, capped at
 * the two decimals money columns hold.
 */
export function currencyMinorUnits(currency: string): number {
  try {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    return Math.min(digits, 2);
  } catch {
    return 2;
  }
}
