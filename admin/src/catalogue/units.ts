/** The stored unit codes and item kinds of the price list (labels come from the i18n dictionaries). */
export const UNITS = ['m2', 'm', 'pcs', 'point', 'set', 'm3', 'kg', 'l', 'hour', 'day', 'pack', 't'] as const;
export const KINDS = ['work', 'material'] as const;
export const IMPORT_FIELDS = ['name', 'unit', 'price', 'category', 'kind', 'description'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
