import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { DomainError } from '../errors.js';

/** A file's cells as text: the first non-empty row is the header, the rest are data rows. */
export interface Sheet {
  format: 'csv' | 'xlsx';
  headers: string[];
  rows: string[][];
  /** The row number in the file (1-based, as a spreadsheet shows it) of each data row. */
  lines: number[];
  delimiter?: string;
}

export const IMPORT_LIMITS = { bytes: 5 * 1024 * 1024, rows: 5000 };

const bad = (problem: string) => new DomainError('validation', `Invalid file: ${problem}`, { fields: { file: problem } });

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // the old binary .xls
const startsWith = (buffer: Buffer, bytes: number[]) => bytes.every((b, i) => buffer[i] === b);

/** Reads an uploaded CSV or XLSX file (a price list, a CRM export); anything else, or a broken file, is refused naming the problem. */
export async function readSheet(buffer: Buffer, fileName = ''): Promise<Sheet> {
  if (!buffer.length) throw bad('is empty');
  if (buffer.length > IMPORT_LIMITS.bytes) throw bad(`must be at most ${IMPORT_LIMITS.bytes / 1024 / 1024} MB`);
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (startsWith(buffer, OLE) || extension === 'xls') throw bad('must be CSV or XLSX: save the old .xls workbook as .xlsx');
  if (startsWith(buffer, ZIP)) return readXlsx(buffer);
  if (extension === 'xlsx') throw bad('is not a valid XLSX workbook');
  if (extension && !['csv', 'txt', 'tsv'].includes(extension)) throw bad('must be CSV or XLSX');
  return readCsv(buffer);
}

/** UTF-8 (with or without BOM), else Windows-1251 as older Russian Excel saves CSV. */
function decode(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    return new TextDecoder('windows-1251').decode(buffer);
  }
}

/** The separator of the header line: ";" (Russian Excel), "," or a tab, whichever it has most of outside quotes. */
function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/).find((line) => line.trim()) ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const counts = [';', ',', '\t'].map((d) => [d, unquoted.split(d).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ';';
}

function readCsv(buffer: Buffer): Sheet {
  const text = decode(buffer);
  if (text.includes('\u0000')) throw bad('must be CSV or XLSX (this looks like a binary file)');
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, { delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, trim: true }) as string[][];
  } catch (error) {
    throw bad(`could not be read as CSV (${(error as Error).message.split('\n')[0]})`);
  }
  return toSheet('csv', records, delimiter);
}

async function readXlsx(buffer: Buffer): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw bad('is not a valid XLSX workbook');
  }
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) throw bad('has no rows');
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    records[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
  });
  return toSheet(
    'xlsx',
    Array.from(records, (r) => r ?? []),
  );
}

/** A cell as the text a person sees; numbers keep their exact digits (a double rounded to the cent). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    const text = String(value);
    const cents = value.toFixed(2);
    return /\.\d{3,}|e/i.test(text) && Math.abs(Number(cents) - value) < 1e-6 ? cents.replace(/\.?0+$/, '') : text;
  }
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value)
    return value.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text).trim();
  return '';
}

function toSheet(format: Sheet['format'], records: string[][], delimiter?: string): Sheet {
  const headerAt = records.findIndex((r) => r.some((c) => c.trim()));
  if (headerAt < 0) throw bad('has no rows');
  const headers = records[headerAt]!.map((c) => c.trim());
  const rows: string[][] = [];
  const lines: number[] = [];
  records.slice(headerAt + 1).forEach((record, i) => {
    if (!record.some((c) => c.trim())) return;
    rows.push(headers.map((_, column) => (record[column] ?? '').trim()));
    lines.push(headerAt + i + 2);
  });
  if (!rows.length) throw bad('has a header but no data rows');
  if (rows.length > IMPORT_LIMITS.rows) throw bad(`has ${rows.length} rows; at most ${IMPORT_LIMITS.rows} rows can be imported at once`);
  return { format, headers, rows, lines, ...(delimiter ? { delimiter } : {}) };
}
