/** A header as compared with known header words: lower case, ё as е, punctuation as single spaces. */
export const normaliseHeader = (header: string) => header.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

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

/** A mapped cell's text, trimmed; '' when the field has no column. */
export const cellOf = (row: string[], index: number | null | undefined) => (index === null || index === undefined ? '' : (row[index] ?? '').trim());
