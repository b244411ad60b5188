import { createRequire } from 'node:module';
import path from 'node:path';
import type { Column, Content, ContentTable, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { DOCUMENT_FONT, documentFonts, FONT_DIR } from './pdf-fonts.js';

/**
 * Server-side PDF rendering for every document the firm sends (estimates, change orders,
 * contracts): one font, one page layout and a few building blocks — the firm's header, item
 * tables with subtotals, a totals block. A document is a list of these blocks.
 */
const require = createRequire(import.meta.url);
const pdfmake = require('pdfmake') as typeof import('pdfmake');
pdfmake.setFonts(documentFonts);
// Nothing is fetched or read while rendering except the bundled fonts: images come as data.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(FONT_DIR + path.sep));

export type { Content };

const MUTED = '#6b7280';
const RULE = '#d1d5db';

export interface PdfDocumentOptions {
  /** The PDF's title in its properties (shown by viewers). */
  title: string;
  author?: string;
  /** A short line at the bottom of every page, beside the page number. */
  footer?: string;
  locale?: 'ru' | 'en';
}

/** Renders blocks into a PDF file (A4 portrait, DejaVu Sans) and answers its bytes. */
export async function renderPdf(content: Content[], options: PdfDocumentOptions): Promise<Buffer> {
  const pageWord = options.locale === 'en' ? 'Page' : 'Стр.';
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 48],
    info: { title: options.title, author: options.author, creator: options.author },
    defaultStyle: { font: DOCUMENT_FONT, fontSize: 9, lineHeight: 1.15 },
    footer: (page: number, pages: number) => ({
      margin: [40, 12, 40, 0],
      columns: [
        { text: options.footer ?? '', color: MUTED, fontSize: 7 },
        { text: `${pageWord} ${page} / ${pages}`, alignment: 'right', color: MUTED, fontSize: 7, width: 'auto' },
      ],
    }),
    content,
  };
  return pdfmake.createPdf(definition).getBuffer();
}

export interface HeaderInput {
  /** The firm's name, always printed. */
  firm: string;
  /** The firm's logo (PNG or JPEG bytes), when it has one. */
  logo?: Buffer | null;
  title: string;
  /** Lines under the title: number, dates, the client. */
  details?: Array<[label: string, value: string]>;
}

const dataUrl = (image: Buffer) => `data:${image[0] === 0x89 ? 'image/png' : 'image/jpeg'};base64,${image.toString('base64')}`;

/** The firm (logo and name) on top, then the document's title and its details. */
export function documentHeader(input: HeaderInput): Content[] {
  const name: Content = { text: input.firm, bold: true, fontSize: 12 };
  const logoColumns: Column[] = input.logo
    ? [
        { image: dataUrl(input.logo), fit: [120, 48], width: 120 },
        { ...name, margin: [12, 14, 0, 0] },
      ]
    : [];
  const firm: Content = input.logo ? { columns: logoColumns } : name;
  const details = input.details?.length
    ? [
        {
          table: { widths: ['auto', '*'], body: input.details.map(([label, value]) => [{ text: label, color: MUTED }, { text: value }]) },
          layout: 'noBorders',
          margin: [0, 4, 0, 0],
        } satisfies Content,
      ]
    : [];
  return [
    firm,
    { canvas: [{ type: 'line', x1: 0, y1: 4, x2: 515, y2: 4, lineWidth: 0.5, lineColor: RULE }], margin: [0, 0, 0, 12] },
    { text: input.title, bold: true, fontSize: 15, margin: [0, 0, 0, 2] },
    ...details,
  ];
}

/** A heading between blocks (a section or a room). */
export const sectionHeading = (text: string): Content => ({ text, bold: true, fontSize: 11, margin: [0, 14, 0, 4] });

/** A paragraph of plain text (notes, terms). */
export const paragraph = (text: string, options: { muted?: boolean } = {}): Content => ({
  text,
  margin: [0, 6, 0, 0],
  ...(options.muted ? { color: MUTED } : {}),
});

interface TableColumn {
  header: string;
  /** A width in points, `*` to take the rest, or `auto`. */
  width: number | '*' | 'auto';
  align?: 'left' | 'right' | 'center';
}

export interface ItemsTableInput {
  columns: TableColumn[];
  rows: string[][];
  /** A bold last row across the table: the label spans every column but the last. */
  subtotal?: { label: string; value: string };
  /** Said in the table when there are no rows. */
  empty?: string;
}

/** Rows of items under a repeated header row (it repeats on every page the table spans). */
export function itemsTable(input: ItemsTableInput): ContentTable {
  const span = input.columns.length;
  const header: TableCell[] = input.columns.map((c) => ({ text: c.header, bold: true, color: MUTED, fontSize: 8, alignment: c.align ?? 'left' }));
  const body: TableCell[][] = input.rows.map((row) => row.map((cell, i) => ({ text: cell, alignment: input.columns[i]?.align ?? 'left' })));
  if (!body.length && input.empty) body.push([{ text: input.empty, colSpan: span, color: MUTED, italics: true }, ...Array<TableCell>(span - 1).fill('')]);
  if (input.subtotal) {
    body.push([
      { text: input.subtotal.label, colSpan: span - 1, bold: true, alignment: 'right' },
      ...Array<TableCell>(span - 2).fill(''),
      { text: input.subtotal.value, bold: true, alignment: 'right' },
    ]);
  }
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: input.columns.map((c) => c.width), body: [header, ...body] },
    layout: {
      hLineWidth: (i: number, node: ContentTable) =>
        i === 1 || i === node.table.body.length || (input.subtotal && i === node.table.body.length - 1) ? 0.5 : 0,
      vLineWidth: () => 0,
      hLineColor: () => RULE,
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
  };
}

export interface TotalRow {
  label: string;
  value: string;
  strong?: boolean;
}

/** Label–amount pairs aligned right under the tables; a strong row is the grand total. */
export function totalsBlock(rows: TotalRow[]): Content {
  return {
    margin: [0, 14, 0, 0],
    columns: [
      { text: '', width: '*' },
      {
        width: 'auto',
        table: {
          body: rows.map((r) => [
            { text: r.label, alignment: 'right', bold: !!r.strong, fontSize: r.strong ? 11 : 9 },
            { text: r.value, alignment: 'right', bold: !!r.strong, fontSize: r.strong ? 11 : 9 },
          ]),
        },
        layout: {
          hLineWidth: (i: number) => (rows[i]?.strong ? 0.8 : 0),
          vLineWidth: () => 0,
          hLineColor: () => '#111827',
          paddingLeft: () => 10,
          paddingTop: () => 2,
          paddingBottom: () => 2,
        },
      },
    ],
  };
}
