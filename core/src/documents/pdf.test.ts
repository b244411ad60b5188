import { describe, expect, it } from '@jest/globals';
import { pdfText } from '@crm/testing/pdf-text';
import { documentHeader, itemsTable, renderPdf, sectionHeading, totalsBlock } from './pdf.js';
import { formatDateIn, formatDocumentMoney, formatQuantity } from './format.js';

// A 1×1 PNG: the header places a logo when the firm has one.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('renderPdf', () => {
  it('renders Cyrillic text, tables and totals into a PDF a text extractor reads back', async () => {
    const pdf = await renderPdf(
      [
        ...documentHeader({ firm: 'ООО «Ремонт Плюс»', logo: PNG, title: 'Смета — версия 2', details: [['Клиент', 'Светлана Орлова']] }),
        sectionHeading('Ванная комната'),
        itemsTable({
          columns: [
            { header: 'Наименование', width: '*' },
            { header: 'Сумма', width: 80, align: 'right' },
          ],
          rows: [['Укладка плитки', formatDocumentMoney('12500.5', 'RUB', 'ru')]],
          subtotal: { label: 'Итого по разделу', value: formatDocumentMoney('12500.5', 'RUB', 'ru') },
        }),
        totalsBlock([{ label: 'Итого к оплате', value: formatDocumentMoney('12500.5', 'RUB', 'ru'), strong: true }]),
      ],
      { title: 'Смета', locale: 'ru', footer: 'Ремонт Плюс' },
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    for (const expected of ['ООО «Ремонт Плюс»', 'Смета — версия 2', 'Светлана Орлова', 'Ванная комната', 'Укладка плитки', 'Итого к оплате', 'Стр. 1 / 1']) {
      expect(text).toContain(expected);
    }
    expect(text.replace(/\s/g, '')).toContain('12500,50₽');
  });

  it('shows an empty table with its note', async () => {
    const text = await pdfText(
      await renderPdf(
        [
          itemsTable({
            columns: [
              { header: 'Item', width: '*' },
              { header: 'Total', width: 60 },
            ],
            rows: [],
            empty: 'No items',
          }),
        ],
        { title: 'x', locale: 'en' },
      ),
    );
    expect(text).toContain('No items');
    expect(text).toContain('Page 1 / 1');
  });
});

describe('document formats', () => {
  it('prints every minor digit, trims quantities and reads dates in a time zone', () => {
    expect(formatDocumentMoney('1234.5', 'EUR', 'en')).toBe('€1,234.50');
    expect(formatDocumentMoney('1000', 'JPY', 'en')).toBe('JP¥1,000');
    expect(formatQuantity('12.500', 'ru')).toBe('12,5');
    expect(formatQuantity('3.000', 'en')).toBe('3');
    expect(formatDateIn(new Date('2026-03-31T22:30:00Z'), 'Europe/Moscow', 'en')).toBe('1 April 2026');
    expect(formatDateIn(new Date('2026-03-31T22:30:00Z'), 'Mars/Olympus', 'en')).toBe('31 March 2026');
  });
});
