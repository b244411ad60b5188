import { Project, Stage, User } from '@crm/database';
import { localClock } from '../time/zone.js';
import { excelCsv, xlsxOf } from '../spreadsheets/index.js';

type ExportFormat = 'csv' | 'xlsx';
type ExportLocale = 'ru' | 'en';

/** One exported column: its header per language and its cell, with the kind deciding the format. */
export interface ExportColumn<R> {
  header: Record<ExportLocale, string>;
  kind?: 'text' | 'money' | 'number' | 'datetime' | 'date';
  width?: number;
  value: (row: R) => string | number | Date | null | undefined;
}

export interface ExportSettings {
  locale: ExportLocale;
  timeZone: string;
  format: ExportFormat;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A moment as the organization's wall clock: "01.12.2026 14:05" in Russian, "2026-12-01 14:05" in English. */
function localDateTime(moment: Date, timeZone: string, locale: ExportLocale): string {
  const clock = localClock(moment, timeZone);
  return `${localDate(clock.date, locale)} ${pad(clock.hour)}:${pad(clock.minute)}`;
}

/** A calendar date (YYYY-MM-DD) as Russian Excel reads it ("01.12.2026") or ISO in English. */
const localDate = (date: string, locale: ExportLocale) => (locale === 'ru' ? date.split('-').reverse().join('.') : date);

function csvCell<R>(column: ExportColumn<R>, row: R, settings: ExportSettings): string {
  const value = column.value(row);
  if (value === null || value === undefined || value === '') return '';
  if (value instanceof Date)
    return column.kind === 'date' ? localDate(value.toISOString().slice(0, 10), settings.locale) : localDateTime(value, settings.timeZone, settings.locale);
  if (column.kind === 'date' && typeof value === 'string') return localDate(value, settings.locale);
  // Russian Excel reads "1234,50" as a number; a decimal point would make it text or a date.
  if ((column.kind === 'money' || column.kind === 'number') && settings.locale === 'ru') return String(value).replace('.', ',');
  return String(value);
}

function xlsxCell<R>(column: ExportColumn<R>, row: R, settings: ExportSettings): string | number | null {
  const value = column.value(row);
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date)
    return column.kind === 'date' ? localDate(value.toISOString().slice(0, 10), settings.locale) : localDateTime(value, settings.timeZone, settings.locale);
  // Money is NUMERIC(14,2): every such value is exact as an Excel double to the cent.
  if (column.kind === 'money' || column.kind === 'number') return Number(value);
  if (column.kind === 'date' && typeof value === 'string') return localDate(value, settings.locale);
  return String(value);
}

/** The rows as a file a person opens in Excel: CSV (BOM, ";", decimal comma in Russian) or XLSX. */
export async function exportTable<R>(sheetName: string, columns: ExportColumn<R>[], rows: R[], settings: ExportSettings): Promise<Buffer> {
  if (settings.format === 'xlsx') {
    return xlsxOf(
      sheetName,
      columns.map((c) => ({
        header: c.header[settings.locale],
        width: c.width ?? 16,
        ...(c.kind === 'money' ? { numFmt: '#,##0.00' } : {}),
      })),
      rows.map((row) => columns.map((c) => xlsxCell(c, row, settings))),
    );
  }
  return excelCsv([columns.map((c) => c.header[settings.locale]), ...rows.map((row) => columns.map((c) => csvCell(c, row, settings)))]);
}

/** A permanent address of a record in the back office (hash routes), unlike a signed file link that expires. */
export const backOfficeLink = (publicUrl: string, resource: string, id: number) => `${publicUrl.replace(/\/+$/, '')}/admin/#/${resource}/${id}`;

/** The names of the organization's rows (people, projects, stages) by id, for columns that show names instead of ids. */
export async function namesById(
  model: typeof Project | typeof Stage | typeof User,
  org_id: number,
  ids: Array<number | null | undefined>,
): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
  if (!wanted.length) return new Map();
  const found = await (model as typeof Project).findAll({ where: { org_id, id: wanted }, attributes: ['id', 'name'] });
  return new Map(found.map((row) => [row.id, row.name]));
}
