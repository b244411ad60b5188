/** The stored unit codes and item kinds of the price list (labels come from the i18n dictionaries). */
export { CATALOGUE_UNITS as UNITS, CATALOGUE_KINDS as KINDS } from '@crm/contracts';
export const IMPORT_FIELDS = ['name', 'unit', 'price', 'category', 'kind', 'description'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
