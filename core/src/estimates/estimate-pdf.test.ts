import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Estimate, Lead, Organization, QueryTypes, type Sequelize } from '@crm/database';
import { connectTestDatabase } from '@crm/testing/database';
import { createLocalStorage, isStorageQuotaError, type ChargedStorage, type LocalStorage } from '../storage/index.js';
import { pdfText } from '@crm/testing/pdf-text';
import { createEstimate, updateEstimate } from './estimate.service.js';
import { openEstimatePdf, storeEstimatePdf } from './estimate-pdf-store.js';
import { renderEstimatePdf } from './estimate-pdf.js';

let sequelize: Sequelize;
let storage: LocalStorage;
let files: ChargedStorage;
let dir: string;
let n = 0;

beforeAll(async () => {
  sequelize = await connectTestDatabase();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'crm-estimate-pdf-'));
  storage = createLocalStorage({ root: dir, publicUrl: 'http://127.0.0.1:3000', secret: 'estimate-pdf-test-secret-0123456789', defaultTtl: 60 });
  files = { sequelize, storage, quotaBytes: 10 * 1024 * 1024 };
});
afterAll(async () => {
  await sequelize?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

async function estimateFor(locale: 'ru' | 'en', languageCode: string | null) {
  const org = await Organization.create({
    name: locale === 'ru' ? `Ремонт Плюс ${n++}` : `Fine Repairs ${n++}`,
    locale,
    currency: locale === 'ru' ? 'RUB' : 'EUR',
    timezone: 'Asia/Yekaterinburg',
  });
  const lead = await Lead.create({ org_id: org.id, name: 'Светлана Орлова', position: 0, language_code: languageCode, address: 'ул. Ленина, 5' });
  return sequelize.transaction((tx) =>
    createEstimate(
      sequelize,
      org.id,
      null,
      {
        lead_id: lead.id,
        title: locale === 'ru' ? 'Ремонт квартиры' : 'Flat renovation',
        valid_until: '2026-12-31',
        markup_type: 'percent',
        markup_value: '10',
        discount_type: 'amount',
        discount_value: '1000',
        vat_rate: '20',
        vat_included: false,
        sections: [
          {
            name: 'Ванная',
            length: '2',
            width: '1.5',
            height: '2.5',
            lines: [
              { name: 'Укладка плитки на пол', unit: 'м²', quantity_source: 'floor_area', unit_price: '1800' },
              { name: 'Гидроизоляция', unit: 'м²', quantity: '3', unit_price: '650.50' },
            ],
          },
          { name: 'Кухня', lines: [{ name: 'Покраска стен', unit: 'м²', quantity: '24.5', unit_price: '420' }] },
        ],
      },
      tx,
    ),
  );
}

describe('estimate PDF', () => {
  it('prints sections with lines and subtotals, markup, discount, VAT and the total in the org currency (ru)', async () => {
    const estimate = await estimateFor('ru', null);
    expect(estimate.total).toBe('22086.78');
    const text = await pdfText((await renderEstimatePdf(estimate)).pdf);
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of [
      'Ремонт Плюс',
      'Ремонт квартиры — версия 1',
      'Светлана Орлова',
      'ул. Ленина, 5',
      'Действительна до 31 декабря 2026',
      'Ванная',
      'Укладка плитки на пол',
      'Гидроизоляция',
      'Кухня',
      'Покраска стен',
      'Итого по разделу «Ванная»',
      'Наценка 10%',
      'Скидка',
      'НДС 20%',
      'Итого к оплате',
      'Черновик',
    ]) {
      expect(flat).toContain(expected);
    }
    const digits = text.replace(/\s/g, '');
    expect(digits).toContain('22086,78₽'); // the grand total
    expect(digits).toContain('7351,50₽'); // the bathroom's subtotal: 3 m² × 1 800 + 3 × 650.50
    expect(digits).toContain('10290,00₽'); // the kitchen's subtotal
  });

  it("speaks the client's Telegram language even when the firm's is Russian", async () => {
    const estimate = await estimateFor('ru', 'en');
    const { pdf, locale } = await renderEstimatePdf(estimate);
    expect(locale).toBe('en');
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    expect(text).toContain('Valid until 31 December 2026');
    expect(text).toContain('Total due');
    expect(text).toContain('Section total “Ванная”');
  });

  it('renders a draft on each request without storing it, and keeps a sent version under pdf_key', async () => {
    const estimate = await estimateFor('en', 'en');
    const read = async (stream: NodeJS.ReadableStream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return pdfText(Buffer.concat(chunks));
    };
    const draft = await openEstimatePdf(files, estimate);
    expect(draft.fileName).toBe(`estimate-${estimate.id}-v1.pdf`);
    expect(await read(draft.stream)).toContain('Draft');
    expect(estimate.pdf_key).toBeNull();
    await sequelize.transaction((tx) => updateEstimate(estimate, { title: 'Changed title' }, tx));
    expect(await read((await openEstimatePdf(files, estimate)).stream)).toContain('Changed title — version 1');

    await estimate.update({ status: 'sent', sent_at: new Date() });
    const key = await storeEstimatePdf(files, estimate);
    expect(key).toMatch(new RegExp(`^org/${estimate.org_id}/\\d{4}/\\d{2}/[0-9a-f-]{36}\\.pdf$`));
    expect((await Estimate.findByPk(estimate.id))!.pdf_key).toBe(key);
    const sent = await read((await openEstimatePdf(files, estimate)).stream);
    expect(sent).toContain('Changed title — version 1');
    expect(sent).not.toContain('Draft');
    expect((await Estimate.findByPk(estimate.id))!.pdf_key).toBe(key);
    // A lost file is rendered and stored again rather than answering an error.
    await storage.remove(key);
    await openEstimatePdf(files, estimate);
    const again = (await Estimate.findByPk(estimate.id))!.pdf_key!;
    expect(again).not.toBe(key);
    expect(await storage.exists(again)).toBe(true);
  });

  it('counts a stored PDF in the organization’s storage quota, and refuses one that does not fit without storing it', async () => {
    const estimate = await estimateFor('ru', null);
    await estimate.update({ status: 'sent', sent_at: new Date() });
    const used = async () =>
      Number(
        (
          await sequelize.query<{ used: string }>('SELECT storage_bytes AS used FROM organizations WHERE id = :id', {
            replacements: { id: estimate.org_id },
            type: QueryTypes.SELECT,
          })
        )[0]!.used,
      );
    expect(await used()).toBe(0);
    const key = await storeEstimatePdf(files, estimate);
    const stored = await storage.get(key);
    expect(stored.size).toBeGreaterThan(1000);
    expect(await used()).toBe(stored.size);

    const before = await used();
    const full = { ...files, quotaBytes: before + 100 };
    const error = await storeEstimatePdf(full, estimate).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isStorageQuotaError(error)).toBe(true);
    expect(await used()).toBe(before);
    expect((await Estimate.findByPk(estimate.id))!.pdf_key).toBe(key);
    // A lost sent PDF is rendered again on download: that copy is charged too.
    await storage.remove(key);
    await openEstimatePdf(files, estimate);
    expect(await used()).toBe(2 * before);
  });
});
