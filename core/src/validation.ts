import { z } from 'zod';
import { DomainError } from './errors.js';

/** Parses input with a zod schema, turning failures into one DomainError that names every field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message = 'Invalid input'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  throw new DomainError('validation', `${message}: ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; ')}`, { fields });
}

const MONEY_RE = /^-?\d{1,12}(\.\d{1,2})?$/;

/** Exact money: a number or decimal string with at most 2 decimals, normalised to a NUMERIC string. */
export const money = z
  .union([z.number(), z.string().trim()])
  .transform((value, ctx) => {
    const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : 'NaN') : value.replace(',', '.');
    if (!MONEY_RE.test(text)) {
      ctx.addIssue({ code: 'custom', message: 'must be an amount with at most 2 decimals' });
      return z.NEVER;
    }
    return text;
  });

export const nonNegativeMoney = money.refine((v) => !v.startsWith('-'), 'must not be negative');
export const positiveMoney = money.refine((v) => !v.startsWith('-') && Number(v) > 0, 'must be greater than zero');

export const id = z.coerce.number().int().positive();
export const e164 = z.string().trim().regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 format, e.g. +79001234567');
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
