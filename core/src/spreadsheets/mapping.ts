import { DomainError } from '../errors.js';
import type { Sheet } from './read.js';

/** A header as compared with known header words: lower case, ё as е, punctuation as single spaces. */
export const normaliseHeader = (header: string) =>
  header
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** Which file column fills each field (null: none). */
export type ColumnMapping<F extends string> = Partial<Record<F, number | null>>;

/**
 * A mapping guessed from a file's headers: an exact header word first, else a header that starts
 * with one ("Цена, ₽" is the price, "Ед. изм." the unit); each column serves one field at most, and
 * fields earlier in `fields` win a contested column.
 */
export function suggestMapping<F extends string>(headers: string[], fields: readonly F[], words: Record<F, string[]>): ColumnMapping<F> {
  const mapping: ColumnMapping<F> = {};
  const taken = new Set<number>();
  const names = headers.map(normaliseHeader);
  for (const pass of ['exact', 'prefix'] as const) {
    for (const field of fields) {
      if (mapping[field] !== undefined) continue;
      const index = names.findIndex((h, i) => !taken.has(i) && h && words[field].some((w) => (pass === 'exact' ? h === w : h.startsWith(w))));
      if (index >= 0) {
        mapping[field] = index;
        taken.add(index);
      }
    }
  }
  for (const field of fields) mapping[field] ??= null;
  return mapping;
}

/** The mapping an import uses: the one guessed from the headers with the person's choices over it; a column past the last is refused. */
export function chosenMapping<F extends string>(sheet: Sheet, guessed: ColumnMapping<F>, chosen: ColumnMapping<F> = {}): ColumnMapping<F> {
  const mapping = { ...guessed, ...chosen };
  for (const [field, index] of Object.entries(mapping)) {
    if (index !== null && index !== undefined && (index as number) >= sheet.headers.length) {
      throw new DomainError('validation', `mapping.${field} points past the last column`, {
        fields: { [`mapping.${field}`]: `must be a column 0–${sheet.headers.length - 1}` },
      });
    }
  }
  return mapping;
}

/** What every import preview tells of the file: its format, delimiter, the mapping used, and each column with its first values. */
export function sheetPreview<F extends string>(sheet: Sheet, mapping: ColumnMapping<F>) {
  return {
    format: sheet.format,
    delimiter: sheet.delimiter ?? null,
    mapping,
    columns: sheet.headers.map((header, index) => ({ index, header, samples: sheet.rows.slice(0, 3).map((r) => r[index] ?? '') })),
  };
}

/** A mapped cell's text, trimmed; '' when the field has no column. */
export const cellOf = (row: string[], index: number | null | undefined) => (index === null || index === undefined ? '' : (row[index] ?? '').trim());

/**
 * Refuses an import whose preview has rows with errors, naming up to 20 of them as `rows.<line>.<field>`,
 * unless the caller chose to import only the valid rows.
 */
export function refuseInvalidRows(rows: ReadonlyArray<{ line: number; action: string; errors: Partial<Record<string, string>> }>, skipInvalid: boolean) {
  const invalid = rows.filter((r) => r.action === 'error');
  if (!invalid.length || skipInvalid) return;
  const fields = Object.fromEntries(
    invalid.slice(0, 20).map((r) => {
      const [field, problem] = Object.entries(r.errors)[0]!;
      return [`rows.${r.line}.${field}`, problem];
    }),
  );
  throw new DomainError('validation', `${invalid.length} row(s) have errors; fix them or import only the valid rows`, { fields, rows: invalid.length });
}
