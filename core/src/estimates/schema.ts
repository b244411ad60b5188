import { z } from 'zod';
import { Estimate, EstimateLine, EstimateSection } from '@crm/database';
import { nonNegative, numericColumn, positive } from '../columns.js';
import { isoDate } from '../validation.js';
import { ADJUSTMENT_TYPES, QUANTITY_SOURCES } from './arithmetic.js';

const text = (max: number) => z.string().trim().max(max);
const ref = z.coerce.number().int().positive();
const measure = (field: 'length' | 'width' | 'height') => positive(numericColumn(EstimateSection as never, field));

const openingSchema = z.object({ width: measure('width'), height: measure('height') });

const estimateLineSchema = z.object({
  /** A line read back from a GET keeps its id when saved again. */
  id: ref.optional(),
  catalogue_item_id: ref.nullable().optional(),
  name: text(300).min(1, 'is required'),
  unit: text(30).optional(),
  quantity: nonNegative(numericColumn(EstimateLine as never, 'quantity')).optional(),
  quantity_source: z.enum(QUANTITY_SOURCES).optional(),
  unit_price: nonNegative(numericColumn(EstimateLine as never, 'unit_price')),
});

const estimateSectionSchema = z.object({
  id: ref.optional(),
  name: text(200).min(1, 'is required'),
  length: measure('length').nullable().optional(),
  width: measure('width').nullable().optional(),
  height: measure('height').nullable().optional(),
  openings: z.array(openingSchema).max(50, 'at most 50 openings').optional(),
  lines: z.array(estimateLineSchema).max(500, 'at most 500 lines').optional(),
});

/**
 * What a person edits on an estimate. Computed figures (totals, areas) sent back from a GET are
 * dropped: they are always recomputed from this.
 */
export const estimateContentSchema = z
  .object({
    title: text(200),
    markup_type: z.enum(ADJUSTMENT_TYPES),
    markup_value: nonNegative(numericColumn(Estimate as never, 'markup_value')),
    discount_type: z.enum(ADJUSTMENT_TYPES),
    discount_value: nonNegative(numericColumn(Estimate as never, 'discount_value')),
    vat_rate: nonNegative(numericColumn(Estimate as never, 'vat_rate')).nullable(),
    vat_included: z.boolean(),
    valid_until: isoDate.nullable(),
    notes: text(4000),
    sections: z.array(estimateSectionSchema).max(100, 'at most 100 sections'),
  })
  .partial();

export const estimateCreateSchema = estimateContentSchema.extend({
  lead_id: ref.nullable().optional(),
  project_id: ref.nullable().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a 3-letter currency code')
    .optional(),
});

export type EstimateContent = z.output<typeof estimateContentSchema>;
export type EstimateCreate = z.output<typeof estimateCreateSchema>;
