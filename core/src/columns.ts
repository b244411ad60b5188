import { z } from 'zod';
import type { Order } from 'sequelize';
import type { Model, ModelStatic } from '@crm/database';
import { decimal } from './validation.js';

interface DecimalType {
  key?: string;
  options?: { precision?: number; scale?: number };
}

/** The precision and scale of a model's NUMERIC column, read from the model itself. */
export function numericColumnOf(model: ModelStatic<Model>, field: string): { precision: number; scale: number } {
  const type = model.getAttributes()[field]?.type as DecimalType | undefined;
  const { precision, scale } = type?.options ?? {};
  if (type?.key !== 'DECIMAL' || precision === undefined || scale === undefined) {
    throw new Error(`${model.name}.${field} is not a NUMERIC(precision, scale) column`);
  }
  return { precision, scale };
}

/**
 * The input schema of a NUMERIC column, derived from the model's column so the two cannot drift
 * (models are initialised after this module loads, hence lazy).
 */
export const numericColumn = (model: ModelStatic<Model>, field: string) => z.lazy(() => decimal(numericColumnOf(model, field)));

export const nonNegative = (schema: z.ZodType<string>) => schema.refine((v) => !v.startsWith('-'), 'must not be negative');
export const positive = (schema: z.ZodType<string>) => schema.refine((v) => !v.startsWith('-') && Number(v) > 0, 'must be greater than zero');

/** Rows a person arranges (estimate sections and lines, stages, change order lines) read in their order: by position, ties by id. */
export const byPosition = (): Order => [
  ['position', 'ASC'],
  ['id', 'ASC'],
];
