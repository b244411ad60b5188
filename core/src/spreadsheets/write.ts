import ExcelJS from 'exceljs';

const quote = (value: string) => (/[";\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * CSV as Russian Excel opens it by double click: UTF-8 with a BOM, ";" between cells, CRLF line ends.
 * Cells are written as given: format numbers (decimal comma) and dates before calling.
 */
export function excelCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): Buffer {
  const lines = rows.map((row) => row.map((c) => quote(c === null || c === undefined ? '' : String(c))).join(';'));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export interface XlsxColumn {
  header: string;
  width?: number;
  /** An Excel number format for a numeric column, e.g. '#,##0.00'. */ numFmt?: string;
}

/** One worksheet with a bold header row; numeric cells stay numbers so Excel can sum them. */
export async function xlsxOf(sheetName: string, columns: XlsxColumn[], rows: ReadonlyArray<ReadonlyArray<string | number | Date | null>>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 16 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow([...row]);
  columns.forEach((c, i) => {
    if (c.numFmt) sheet.getColumn(i + 1).numFmt = c.numFmt;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
