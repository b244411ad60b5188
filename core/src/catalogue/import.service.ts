import {
  CATALOGUE_IMPORT_FIELDS,
  CATALOGUE_KINDS,
  type CatalogueImportField,
  type CatalogueImportPreview,
  type CatalogueImportResult,
  type CatalogueImportRow,
} from '@crm/contracts';
import { z } from 'zod';
import { CatalogueItem, QueryTypes, type CatalogueKind, type CatalogueUnit, type Sequelize } from '@crm/database';
import { DomainError } from '../errors.js';
import { MONEY_PROBLEMS, readMoney } from '../money/parse-money.js';
import { parseInput } from '../validation.js';
import { cellOf as cell, chosenMapping, readSheet, refuseInvalidRows, sheetPreview, suggestMapping, type ColumnMapping } from '../spreadsheets/index.js';
import { readKind, readUnit } from './units.js';

/** The item fields a file's columns can fill. */
const IMPORT_FIELDS = CATALOGUE_IMPORT_FIELDS;
type ImportField = CatalogueImportField;
type ImportMapping = ColumnMapping<ImportField>;

// Header words per field, Russian and English, compared after lower-casing and dropping punctuation.
const HEADER_WORDS: Record<ImportField, string[]> = {
  name: ['наименование', 'название', 'наименование работ', 'наименование работ и материалов', 'работа', 'позиция', 'name', 'item', 'title', 'work'],
  unit: ['ед изм', 'единица измерения', 'единица', 'ед', 'изм', 'unit', 'units', 'uom', 'unit of measure'],
  price: ['цена', 'стоимость', 'расценка', 'цена за ед', 'цена за единицу', 'price', 'unit price', 'cost', 'rate'],
  category: ['категория', 'раздел', 'группа', 'вид работ', 'category', 'section', 'group'],
  kind: ['тип', 'вид', 'работа материал', 'kind', 'type'],
  description: ['описание', 'примечание', 'комментарий', 'description', 'note', 'notes', 'comment'],
};

/** The catalogue's mapping guessed from a price list's headers. */
const suggestCatalogueMapping = (headers: string[]): ImportMapping => suggestMapping(headers, IMPORT_FIELDS, HEADER_WORDS);

const importOptions = z.object({
  mapping: z.partialRecord(z.enum(IMPORT_FIELDS), z.number().int().min(0).nullable()).optional(),
  /** The kind of rows whose file says none (no kind column, or an empty cell). */
  default_kind: z.enum(CATALOGUE_KINDS).default('work'),
  /** Commit the valid rows and leave the rest out; otherwise any row error refuses the whole file. */
  skip_invalid: z.boolean().default(false),
});
export type ImportOptions = z.input<typeof importOptions>;

interface ImportRow extends CatalogueImportRow {
  values: { name: string; unit: CatalogueUnit | null; price: string | null; category: string; kind: CatalogueKind; description: string };
}

/** What an import would do, row by row (the wire's preview, with the values each row would save). */
export type ImportPreview = CatalogueImportPreview<ImportRow>;

/** Reads the file and shows what an import would do, row by row, without writing anything. */
export async function previewCatalogueImport(org_id: number, file: { buffer: Buffer; name?: string }, rawOptions: ImportOptions = {}): Promise<ImportPreview> {
  const options = parseInput(importOptions, rawOptions, 'Invalid import options');
  const sheet = await readSheet(file.buffer, file.name);
  const mapping = chosenMapping(sheet, suggestCatalogueMapping(sheet.headers), options.mapping);
  const missing = (['name', 'unit', 'price'] as const).filter((f) => mapping[f] === null || mapping[f] === undefined);
  const existing = await existingItems(org_id);
  const seen = new Map<string, number>();
  const rows = sheet.rows.map((row, i): ImportRow => {
    const raw = Object.fromEntries(IMPORT_FIELDS.filter((f) => mapping[f] !== null && mapping[f] !== undefined).map((f) => [f, cell(row, mapping[f])]));
    const errors: ImportRow['errors'] = {};
    for (const field of missing) errors[field] = 'no column is mapped to it';
    const name = cell(row, mapping.name).replace(/\s+/g, ' ');
    if (!missing.includes('name') && !name) errors.name = 'is required';
    if (name.length > 300) errors.name = 'must be at most 300 characters';
    const unitText = cell(row, mapping.unit);
    const unit = unitText ? readUnit(unitText) : null;
    if (!missing.includes('unit') && !unit) errors.unit = unitText ? `is not a known unit (${unitText})` : 'is required';
    const priceText = cell(row, mapping.price);
    let price: string | null = null;
    if (!missing.includes('price')) {
      const read = priceText ? readMoney(priceText) : null;
      if (!read) errors.price = 'is required';
      else if (!read.ok) errors.price = MONEY_PROBLEMS[read.problem];
      else price = normaliseCents(read.value);
    }
    const kindText = cell(row, mapping.kind);
    const kind = kindText ? readKind(kindText) : options.default_kind;
    if (!kind) errors.kind = `must be work or material (${kindText})`;
    const key = unit ? itemKey(name, unit) : '';
    if (key && seen.has(key)) errors.name = `repeats row ${seen.get(key)} (same name and unit)`;
    else if (key) seen.set(key, sheet.lines[i]!);
    const existing_id = key ? (existing.get(key) ?? null) : null;
    const hasErrors = Object.keys(errors).length > 0;
    return {
      line: sheet.lines[i]!,
      raw,
      errors,
      existing_id,
      values: {
        name,
        unit,
        price,
        category: cell(row, mapping.category).slice(0, 120),
        kind: kind ?? options.default_kind,
        description: cell(row, mapping.description).slice(0, 2000),
      },
      action: hasErrors ? 'error' : existing_id ? 'update' : 'create',
    };
  });
  return {
    ...sheetPreview(sheet, mapping),
    rows,
    summary: {
      total: rows.length,
      create: rows.filter((r) => r.action === 'create').length,
      update: rows.filter((r) => r.action === 'update').length,
      errors: rows.filter((r) => r.action === 'error').length,
    },
  };
}

/**
 * Imports the file in one transaction: an item with the same name and unit is updated,
 * anything else created. Rows with errors refuse the whole file unless `skip_invalid` is set.
 */
export async function commitCatalogueImport(
  sequelize: Sequelize,
  org_id: number,
  file: { buffer: Buffer; name?: string },
  rawOptions: ImportOptions = {},
): Promise<CatalogueImportResult> {
  const options = parseInput(importOptions, rawOptions, 'Invalid import options');
  const preview = await previewCatalogueImport(org_id, file, options);
  refuseInvalidRows(preview.rows, options.skip_invalid);
  const invalid = preview.rows.filter((r) => r.action === 'error');
  const valid = preview.rows.filter((r) => r.action !== 'error');
  if (!valid.length) throw new DomainError('validation', 'No row can be imported', { fields: { file: 'has no valid rows' } });
  const v = valid.map((r) => r.values);
  const written = await sequelize.transaction(async (transaction) =>
    sequelize.query<{ inserted: boolean }>(
      `INSERT INTO catalogue_items (org_id, name, unit, price, category, kind, description)
     SELECT :org_id, t.name, t.unit, t.price::numeric, t.category, t.kind, t.description
       FROM unnest(ARRAY[:names]::text[], ARRAY[:units]::text[], ARRAY[:prices]::text[], ARRAY[:categories]::text[], ARRAY[:kinds]::text[], ARRAY[:descriptions]::text[])
            AS t(name, unit, price, category, kind, description)
     ON CONFLICT (org_id, name, unit) DO UPDATE
       SET price = EXCLUDED.price, kind = EXCLUDED.kind, archived = false, updated_at = now(),
           category = CASE WHEN EXCLUDED.category = '' THEN catalogue_items.category ELSE EXCLUDED.category END,
           description = CASE WHEN EXCLUDED.description = '' THEN catalogue_items.description ELSE EXCLUDED.description END,
           material_id = CASE WHEN EXCLUDED.kind = 'material' THEN NULL ELSE catalogue_items.material_id END,
           material_qty = CASE WHEN EXCLUDED.kind = 'material' THEN NULL ELSE catalogue_items.material_qty END
     RETURNING (xmax = 0) AS inserted`,
      {
        replacements: {
          org_id,
          names: v.map((x) => x.name),
          units: v.map((x) => x.unit!),
          prices: v.map((x) => x.price!),
          categories: v.map((x) => x.category),
          kinds: v.map((x) => x.kind),
          descriptions: v.map((x) => x.description),
        },
        type: QueryTypes.SELECT,
        transaction,
      },
    ),
  );
  const created = written.filter((r) => r.inserted).length;
  return { created, updated: written.length - created, skipped: invalid.length };
}

const itemKey = (name: string, unit: string) => `${name}\u0000${unit}`;
const normaliseCents = (value: string) => {
  const [integer, fraction = ''] = value.split('.');
  return `${integer}.${fraction.padEnd(2, '0')}`;
};

async function existingItems(org_id: number): Promise<Map<string, number>> {
  const rows = await CatalogueItem.findAll({ where: { org_id }, attributes: ['id', 'name', 'unit'] });
  return new Map(rows.map((r) => [itemKey(r.name, r.unit), r.id]));
}
