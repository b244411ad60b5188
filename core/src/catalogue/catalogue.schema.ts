import { z } from 'zod';
import { CATALOGUE_KINDS, CATALOGUE_UNITS } from '@crm/database';
import { decimal, nonNegativeMoney } from '../validation.js';

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

/** The fields of a price-list item as the back office and the API send them. */
const catalogueItemFields = {
  kind: z.enum(CATALOGUE_KINDS),
  name: text(300).min(1, 'is required'),
  unit: z.enum(CATALOGUE_UNITS, { message: `must be one of ${CATALOGUE_UNITS.join(', ')}` }),
  price: nonNegativeMoney,
  category: text(120),
  description: text(2000),
  material_id: z.coerce.number().int().positive().nullable(),
  material_qty: decimal({ precision: 12, scale: 4 })
    .refine((v) => !v.startsWith('-') && Number(v) > 0, 'must be greater than zero')
    .nullable(),
  archived: z.boolean(),
};

/** A work consumes a material only together with a quantity, and a material consumes nothing. */
const consumption = (value: { kind?: string; material_id?: number | null; material_qty?: string | null }, ctx: z.RefinementCtx) => {
  const hasMaterial = value.material_id !== undefined && value.material_id !== null;
  const hasQty = value.material_qty !== undefined && value.material_qty !== null;
  if (hasMaterial && value.kind === 'material') ctx.addIssue({ code: 'custom', path: ['material_id'], message: 'only a work can consume a material' });
  if (hasMaterial && !hasQty) ctx.addIssue({ code: 'custom', path: ['material_qty'], message: 'is required with a material' });
  if (hasQty && !hasMaterial) ctx.addIssue({ code: 'custom', path: ['material_id'], message: 'is required with a quantity' });
};

export const catalogueItemCreate = z
  .object(catalogueItemFields)
  .partial()
  .extend({ name: catalogueItemFields.name, unit: catalogueItemFields.unit, price: catalogueItemFields.price })
  .superRefine(consumption);
export const catalogueItemUpdate = z.object(catalogueItemFields).partial().superRefine(consumption);
