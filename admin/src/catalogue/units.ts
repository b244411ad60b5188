/** The stored unit codes and item kinds of the price list (labels come from the i18n dictionaries). */
export { CATALOGUE_UNITS as UNITS, CATALOGUE_KINDS as KINDS, CATALOGUE_IMPORT_FIELDS as IMPORT_FIELDS } from '@crm/contracts';
