import { z } from 'zod';
import { EstimateLine } from '@crm/database';
import { nonNegative, numericColumn } from '../columns.js';
import { QUANTITY_SOURCES } from '../estimates/arithmetic.js';

const ref = z.coerce.number().int().positive();
const text = (max: number) => z.string().trim().max(max);
const quantity = nonNegative(numericColumn(EstimateLine as never, 'quantity'));
const unitPrice = nonNegative(numericColumn(EstimateLine as never, 'unit_price'));
const target = { estimate_line_id: ref.nullable().optional(), added_line_id: ref.nullable().optional() };

/**
 * One line of a change order. A line read back from a GET (with `new_quantity` / `new_unit_price`
 * and the computed figures) is accepted as it is: its new values are taken as the change.
 */
const changeLineSchema = z.preprocess(
  (raw) => {
    if (!raw || typeof raw !== 'object') return raw;
    const line = raw as Record<string, unknown>;
    const take = (field: string, stored: string) =>
      line[field] === undefined && line[stored] !== undefined && line[stored] !== null ? { [field]: line[stored] } : {};
    return { ...line, ...take('quantity', 'new_quantity'), ...take('unit_price', 'new_unit_price') };
  },
  z.discriminatedUnion(
    'action',
    [
      z.object({
        action: z.literal('add'),
        section_id: ref,
        catalogue_item_id: ref.nullable().optional(),
        name: text(300).min(1, 'is required'),
        unit: text(30).optional(),
        quantity: quantity.optional(),
        quantity_source: z.enum(QUANTITY_SOURCES).optional(),
        unit_price: unitPrice,
      }),
      z.object({ action: z.literal('change'), ...target, quantity: quantity.optional(), unit_price: unitPrice.optional() }),
      z.object({ action: z.literal('remove'), ...target }),
    ],
    { message: "must be 'add', 'remove' or 'change'" },
  ),
);

export const changeLinesSchema = z.array(changeLineSchema).min(1, 'must list at least one line').max(300, 'at most 300 lines');

/** What the calculate endpoint takes: the project and the lines, nothing is saved. */
export const changeOrderPreviewSchema = z.object({ project_id: ref, lines: changeLinesSchema });

export type ChangeLine = z.output<typeof changeLineSchema>;
