import ExcelJS from 'exceljs';
import { CatalogueItem, Op, type CatalogueKind, type WhereOptions } from '@crm/database';
import { KIND_LABELS, unitLabel } from './units.js';

type Locale = 'ru' | 'en';

const HEADERS: Record<Locale, string[]> = {
  ru: ['Наименование', 'Ед. изм.', 'Цена', 'Категория', 'Тип', 'Описание'],
  en: ['Name', 'Unit', 'Price', 'Category', 'Kind', 'Description'],
};

/** The organization's items (as narrowed by the list's filter), in the order the list shows them. */
async function itemsFor(org_id: number, where: WhereOptions = {}) {
  return CatalogueItem.findAll({ where: { [Op.and]: [where, { org_id }] }, order: [['category', 'ASC'], ['name', 'ASC'], ['id', 'ASC']] });
}

const rowOf = (item: CatalogueItem, locale: Locale) =>
  [item.name, unitLabel(item.unit, locale), item.price, item.category, KIND_LABELS[item.kind as CatalogueKind][locale], item.description];

const quote = (value: string) => (/[";\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * CSV as Russian Excel opens it by double click: UTF-8 with a BOM, ";" between cells, CRLF, and in
 * Russian a decimal comma. The import reads this file back unchanged.
 */
export async function exportCatalogueCsv(org_id: number, locale: Locale, where?: WhereOptions): Promise<Buffer> {
  const lines = [HEADERS[locale], ...(await itemsFor(org_id, where)).map((item) => {
    const row = rowOf(item, locale);
    row[2] = locale === 'ru' ? item.price.replace('.', ',') : item.price;
    return row;
  })].map((row) => row.map((c) => quote(String(c))).join(';'));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The same list as an XLSX workbook, prices as numbers with two decimals. */
export async function exportCatalogueXlsx(org_id: number, locale: Locale, where?: WhereOptions): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(locale === 'ru' ? 'Прайс' : 'Price list');
  sheet.columns = HEADERS[locale].map((header, i) => ({ header, width: [48, 10, 14, 24, 12, 40][i] }));
  sheet.getRow(1).font = { bold: true };
  for (const item of await itemsFor(org_id, where)) {
    const row = rowOf(item, locale);
    // Excel keeps every number as a double, which holds any NUMERIC(14,2) to the cent.
    sheet.addRow([row[0], row[1], Number(item.price), row[3], row[4], row[5]]);
  }
  sheet.getColumn(3).numFmt = '#,##0.00';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
