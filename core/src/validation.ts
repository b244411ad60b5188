import { z } from 'zod';
import { DomainError } from './errors.js';
import { MONEY_PROBLEMS, readMoney } from './money/parse-money.js';
import { isValidTimeZone } from './time/zone.js';

/** Parses input with a zod schema, turning failures into one DomainError that names every field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message = 'Invalid input'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  throw new DomainError(
    'validation',
    `${message}: ${Object.entries(fields)
      .map(([k, v]) => `${k}: ${v}`)
      .join('; ')}`,
    { fields },
  );
}

/**
 * Exact money as people type it (money/parse-money.ts: "12 500,50", "12,5к", "1.500"), or a JSON
 * number, normalised to a NUMERIC string with at most 2 decimals.
 */
export const money = decimal({ precision: 14, scale: 2 });

export const nonNegativeMoney = money.refine((v) => !v.startsWith('-'), 'must not be negative');

export const id = z.coerce.number().int().positive();
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/**
 * An exact decimal that fits a NUMERIC(precision, scale) column: a number or decimal string,
 * normalised to a string. Derive it from the column (never retype the digits), so nothing the
 * schema accepts can overflow in PostgreSQL.
 */
export function decimal({ precision, scale }: { precision: number; scale: number }) {
  const whole = precision - scale;
  // A column with three or more decimals answers "6.000"; read back, that is 6, not six thousand.
  const canonical = new RegExp(`^-?\\d+\\.\\d{${Math.max(scale, 3)}}$`);
  return z.union([z.number(), z.string().trim()]).transform((value, ctx) => {
    const exact = scale >= 3 && typeof value === 'string' && canonical.test(value);
    const result = readMoney(value, { scale, maxIntegerDigits: whole, negative: true, multiplied: exact });
    if (!result.ok) {
      const message =
        result.problem === 'too_large'
          ? `must be below ${10 ** whole}`
          : result.problem === 'too_many_decimals'
            ? `must have at most ${scale} decimals`
            : MONEY_PROBLEMS[result.problem];
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return result.value;
  });
}

/** An IANA time zone, checked the same way wherever a person sets one (sign-up, settings). */
export const timeZone = z.string().trim().max(64).refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Moscow');
