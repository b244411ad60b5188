import type { Order } from 'sequelize';
import { CatalogueItem, Op, type CatalogueKind, type WhereOptions } from '@crm/database';
import { exportTable, type ExportColumn, type ExportSettings } from '../exports/table.js';
import { KIND_LABELS, unitLabel } from './units.js';

/**
 * The price list's columns. The file reads back through the import unchanged: the same headers,
 * units and kinds in words, prices with a decimal comma in Russian CSV and as numbers in XLSX.
 */
const columns = (locale: ExportSettings['locale']): ExportColumn<CatalogueItem>[] => [
  { header: { ru: 'Наименование', en: 'Name' }, width: 48, value: (item) => item.name },
  { header: { ru: 'Ед. изм.', en: 'Unit' }, width: 10, value: (item) => unitLabel(item.unit, locale) },
  { header: { ru: 'Цена', en: 'Price' }, kind: 'money', width: 14, value: (item) => item.price },
  { header: { ru: 'Категория', en: 'Category' }, width: 24, value: (item) => item.category },
  { header: { ru: 'Тип', en: 'Kind' }, width: 12, value: (item) => KIND_LABELS[item.kind as CatalogueKind][locale] },
  { header: { ru: 'Описание', en: 'Description' }, width: 40, value: (item) => item.description },
];

/** The organization's items as the list narrows and orders them, as CSV or XLSX. */
export async function exportCatalogue(org_id: number, settings: ExportSettings & { where?: WhereOptions; order?: Order }): Promise<Buffer> {
  const items = await CatalogueItem.findAll({
    where: { [Op.and]: [settings.where ?? {}, { org_id }] },
    order: settings.order ?? [
      ['category', 'ASC'],
      ['name', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  return exportTable(settings.locale === 'ru' ? 'Прайс' : 'Price list', columns(settings.locale), items, settings);
}
