import type { CatalogueImportField, LeadDuplicateMode, LeadImportField } from './enums.js';

/** A column of an uploaded spreadsheet: its position, header and the first values under it. */
interface SpreadsheetColumn {
  index: number;
  header: string;
  samples: string[];
}

/** Which column (by index) feeds which field; null: none. */
export type ColumnMapping<F extends string> = Partial<Record<F, number | null>>;

/** What every import preview answers: the file read, the mapping used, and what each row would do. */
interface ImportPreviewOf<F extends string, Row, Summary> {
  format: 'csv' | 'xlsx';
  /** The CSV delimiter found; null for XLSX. */
  delimiter: string | null;
  columns: SpreadsheetColumn[];
  mapping: ColumnMapping<F>;
  rows: Row[];
  summary: Summary;
}

/** One row of a price-list import preview; `values` are the cells as they would be saved. */
export interface CatalogueImportRow {
  /** The row number in the file, as a spreadsheet shows it. */
  line: number;
  /** What the cells said, for the preview table. */
  raw: Partial<Record<CatalogueImportField, string>>;
  errors: Partial<Record<CatalogueImportField, string>>;
  action: 'create' | 'update' | 'error';
  existing_id: number | null;
}

/** POST /api/catalog-items/import/preview. */
export type CatalogueImportPreview<Row extends CatalogueImportRow = CatalogueImportRow> = ImportPreviewOf<
  CatalogueImportField,
  Row,
  { total: number; create: number; update: number; errors: number }
>;

/** POST /api/catalog-items/import. */
export interface CatalogueImportResult {
  created: number;
  updated: number;
  skipped: number;
}

/** One row of a lead import preview. */
export interface LeadImportRow {
  line: number;
  raw: Partial<Record<LeadImportField, string>>;
  errors: Partial<Record<LeadImportField, string>>;
  /** Not errors: what the import did with a cell it could not use as is. */
  notes: Partial<Record<LeadImportField, string>>;
  action: 'create' | 'update' | 'skip' | 'error';
  /** The lead (or earlier row, as "row N") this row repeats by phone. */
  duplicate_of: { lead_id: number | null; line: number | null; name: string } | null;
}

/** POST /api/leads/import/preview. */
export type LeadImportPreview<Row extends LeadImportRow = LeadImportRow> = ImportPreviewOf<
  LeadImportField,
  Row,
  { total: number; create: number; update: number; skip: number; errors: number }
>;

/** The options both lead import endpoints read beside the file (multipart fields). */
export interface LeadImportOptions {
  mapping?: ColumnMapping<LeadImportField>;
  duplicates?: LeadDuplicateMode;
  skip_invalid?: boolean;
}

/**
 * POST /api/leads/import answers JSON lines: `{ progress }` as rows are written, then `{ result }`
 * or `{ error: { message } }`.
 */
export interface LeadImportProgress {
  done: number;
  total: number;
}
export interface LeadImportResult {
  created: number;
  updated: number;
  skipped: number;
  invalid: number;
}
export type LeadImportLine = { progress: LeadImportProgress } | { result: LeadImportResult } | { error: { message: string } };
