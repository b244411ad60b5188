// The price list: REST in the react-admin convention, import from CSV and XLSX with a preview and
// column mapping (Russian and English headers, locale numbers), export back to CSV and XLSX.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { CatalogueItem } from '@crm/database';
import { bearer, createTestApi, type TestApi } from '@crm/testing/api';

let api: TestApi;
const csvFixture = () => readFile(new URL('./fixtures/catalogue-ru.csv', import.meta.url));

beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api?.close();
});

async function firm() {
  const { token, org } = await api.register();
  return { auth: bearer(token), org };
}

async function xlsxFixture(rows: unknown[][]) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Прайс');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('catalog-items REST', () => {
  it('creates, lists with search and filters, updates with the record read back, and deletes', async () => {
    const { auth } = await firm();
    const post = (body: Record<string, unknown>) => api.http.post('/api/catalog-items').set(auth).send(body);
    const tile = await post({ name: 'Плитка керамогранит 60×60', kind: 'material', unit: 'm2', price: '1 890,50', category: 'Материалы' });
    expect(tile.status).toBe(201);
    expect(tile.body).toMatchObject({ price: '1890.50', unit: 'm2', kind: 'material', archived: false, currency: 'RUB' });
    const laying = await post({ name: 'Укладка плитки', unit: 'm2', price: 1800, category: 'Полы', material_id: tile.body.id, material_qty: '1,1' });
    expect(laying.status).toBe(201);
    expect(laying.body).toMatchObject({ kind: 'work', material_id: tile.body.id, material_qty: '1.1000' });

    const list = await api.http
      .get('/api/catalog-items')
      .set(auth)
      .query({ filter: JSON.stringify({ q: 'плитк', kind: 'work' }) });
    expect(list.status).toBe(200);
    expect(list.body.map((i: { name: string }) => i.name)).toEqual(['Укладка плитки']);
    expect(list.headers['content-range']).toBe('catalog-items 0-0/1');
    const byCategory = await api.http
      .get('/api/catalog-items')
      .set(auth)
      .query({ filter: JSON.stringify({ category: 'Материалы' }) });
    expect(byCategory.body.map((i: { id: number }) => i.id)).toEqual([tile.body.id]);

    const put = await api.http
      .put(`/api/catalog-items/${laying.body.id}`)
      .set(auth)
      .send({ ...laying.body, price: '1 950', archived: true });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ archived: true });
    expect((await api.http.get(`/api/catalog-items/${laying.body.id}`).set(auth)).body).toMatchObject({ price: '1950.00', archived: true });

    // Deleting the material leaves the work without one.
    expect((await api.http.delete(`/api/catalog-items/${tile.body.id}`).set(auth)).status).toBe(200);
    expect((await api.http.get(`/api/catalog-items/${laying.body.id}`).set(auth)).body).toMatchObject({ material_id: null, material_qty: null });
  });

  it('names the field for a bad unit, a negative price, a material consuming a material, and a duplicate name+unit', async () => {
    const { auth } = await firm();
    const post = (body: Record<string, unknown>) => api.http.post('/api/catalog-items').set(auth).send(body);
    const badUnit = await post({ name: 'X', unit: 'bucket', price: '1' });
    expect(badUnit.status).toBe(400);
    expect(badUnit.body.fields.unit.message).toMatch(/must be one of m2, m, pcs/);
    expect((await post({ name: 'X', unit: 'm', price: '-5' })).body.fields.price.code).toBe('negative');
    const material = await post({ name: 'Клей', kind: 'material', unit: 'kg', price: '30' });
    const selfish = await post({ name: 'Клей 2', kind: 'material', unit: 'kg', price: '30', material_id: material.body.id, material_qty: '1' });
    expect(selfish.status).toBe(400);
    expect(selfish.body.fields.material_id.message).toMatch(/only a work/);
    const work = await post({ name: 'Монтаж', unit: 'pcs', price: '30', material_id: material.body.id });
    expect(work.body.fields.material_qty.message).toMatch(/required with a material/);
    const again = await post({ name: 'Клей', kind: 'material', unit: 'kg', price: '35' });
    expect(again.status).toBe(409);
  });
});

describe('import', () => {
  it('previews a Russian CSV (BOM, ";", "8 500,00 ₽", "₽8,500.00") with the mapping guessed and row errors named', async () => {
    const { auth, org } = await firm();
    const res = await api.http
      .post('/api/catalog-items/import/preview')
      .set(auth)
      .attach('file', await csvFixture(), 'прайс.csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'csv', delimiter: ';', mapping: { name: 0, unit: 1, price: 2, category: 3, kind: 4, description: null } });
    expect(res.body.columns.map((c: { header: string }) => c.header)).toEqual(['Наименование', 'Ед. изм.', 'Цена, ₽', 'Категория', 'Тип']);
    expect(res.body.summary).toEqual({ total: 6, create: 4, update: 0, errors: 2 });
    const byLine = Object.fromEntries(res.body.rows.map((r: { line: number }) => [r.line, r]));
    expect(byLine[2].values).toMatchObject({ name: 'Штукатурка стен по маякам', unit: 'm2', price: '650.00', kind: 'work', category: 'Стены' });
    expect(byLine[3].values).toMatchObject({ unit: 'm2', price: '450.00' });
    expect(byLine[4].values).toMatchObject({ unit: 'point', price: '8500.00' });
    expect(byLine[5].values).toMatchObject({ unit: 'pack', price: '8500.00', kind: 'material' });
    expect(byLine[6]).toMatchObject({ action: 'error', errors: { price: expect.stringMatching(/not an amount/) } });
    expect(byLine[7]).toMatchObject({ action: 'error', errors: { unit: 'is not a known unit (ведро)' } });
    expect(await CatalogueItem.count({ where: { org_id: org.id } })).toBe(0);
  });

  it('refuses to commit a file with row errors, naming the rows; imports the valid rows when asked; a second import updates', async () => {
    const { auth, org } = await firm();
    const refused = await api.http
      .post('/api/catalog-items/import')
      .set(auth)
      .attach('file', await csvFixture(), 'прайс.csv');
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.fields)).toEqual(['rows.6.price', 'rows.7.unit']);
    expect(await CatalogueItem.count({ where: { org_id: org.id } })).toBe(0);

    const done = await api.http
      .post('/api/catalog-items/import')
      .set(auth)
      .field('skip_invalid', 'true')
      .attach('file', await csvFixture(), 'прайс.csv');
    expect(done.status).toBe(201);
    expect(done.body).toEqual({ created: 4, updated: 0, skipped: 2 });
    const socket = await CatalogueItem.findOne({ where: { org_id: org.id, name: 'Монтаж розетки' } });
    expect(socket).toMatchObject({ unit: 'point', price: '8500.00', category: 'Электрика', kind: 'work' });

    // The manager maps the columns by hand: the price column now read from the category column is all errors.
    const remapped = await api.http
      .post('/api/catalog-items/import/preview')
      .set(auth)
      .field('mapping', JSON.stringify({ price: 3 }))
      .attach('file', await csvFixture(), 'прайс.csv');
    expect(remapped.body.mapping.price).toBe(3);
    expect(remapped.body.summary.errors).toBe(6);

    const again = await api.http
      .post('/api/catalog-items/import/preview')
      .set(auth)
      .attach('file', await csvFixture(), 'прайс.csv');
    expect(again.body.summary).toEqual({ total: 6, create: 0, update: 4, errors: 2 });
    expect(again.body.rows[0].existing_id).toBeGreaterThan(0);
  });

  it('imports an XLSX with English headers, numbers as numbers and as "₽8,500.00" text, updating by name and unit', async () => {
    const { auth, org } = await firm();
    await api.http.post('/api/catalog-items').set(auth).send({ name: 'Wall putty', unit: 'm2', price: '100', category: 'Walls' }).expect(201);
    const file = await xlsxFixture([
      ['Name', 'Unit', 'Price', 'Category', 'Type', 'Notes'],
      ['Wall putty', 'sq m', 420.5, '', 'work', 'two coats'],
      ['Cable VVG 3x2.5', 'm', '₽85.40', 'Electrics', 'material', ''],
      ['Socket install', 'point', '8 500,00 ₽', 'Electrics', 'work', ''],
      [],
      ['Ceiling paint', 'l', 1299.99, 'Paint', 'material', ''],
    ]);
    const preview = await api.http.post('/api/catalog-items/import/preview').set(auth).attach('file', file, 'prices.xlsx');
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      format: 'xlsx',
      mapping: { name: 0, unit: 1, price: 2, category: 3, kind: 4, description: 5 },
      summary: { total: 4, create: 3, update: 1, errors: 0 },
    });
    expect(preview.body.rows.map((r: { line: number }) => r.line)).toEqual([2, 3, 4, 6]);
    const commit = await api.http.post('/api/catalog-items/import').set(auth).attach('file', file, 'prices.xlsx');
    expect(commit.body).toEqual({ created: 3, updated: 1, skipped: 0 });
    const putty = await CatalogueItem.findOne({ where: { org_id: org.id, name: 'Wall putty' } });
    // An empty category cell keeps the category the item had.
    expect(putty).toMatchObject({ price: '420.50', category: 'Walls', description: 'two coats' });
    expect(await CatalogueItem.findOne({ where: { org_id: org.id, name: 'Ceiling paint' } })).toMatchObject({ unit: 'l', price: '1299.99', kind: 'material' });
  });

  it('reads a comma-separated CSV saved in Windows-1251', async () => {
    const { auth } = await firm();
    const text = 'Наименование,Ед.,Цена\nПокраска стен,м2,"350,50"\n';
    const cp1251 = Buffer.from(
      [...text].map((ch) => {
        const code = ch.charCodeAt(0);
        return code >= 0x410 && code <= 0x44f ? code - 0x350 : code;
      }),
    );
    const res = await api.http.post('/api/catalog-items/import/preview').set(auth).attach('file', cp1251, 'old.csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ delimiter: ',', summary: { create: 1, errors: 0 } });
    expect(res.body.rows[0].values).toMatchObject({ name: 'Покраска стен', unit: 'm2', price: '350.50' });
  });

  it('answers 4xx naming the problem for a missing, oversized, wrong-type, broken or empty file and a bad mapping', async () => {
    const { auth } = await firm();
    const preview = () => api.http.post('/api/catalog-items/import/preview').set(auth);
    const cases: Array<[string, Promise<{ status: number; body: { fields: Record<string, { message: string }> } }>, string, RegExp]> = [
      ['no file', preview().field('skip_invalid', 'true'), 'file', /is required/],
      ['too large', preview().attach('file', Buffer.alloc(5 * 1024 * 1024 + 1, 'a'), 'big.csv'), 'file', /at most 5 MB/],
      ['image', preview().attach('file', Buffer.from('\x89PNG\r\n'), 'photo.png'), 'file', /must be CSV or XLSX/],
      ['old xls', preview().attach('file', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'old.xls'), 'file', /save the old .xls workbook as .xlsx/],
      ['broken xlsx', preview().attach('file', Buffer.from('PK\x03\x04garbage'), 'broken.xlsx'), 'file', /not a valid XLSX/],
      ['header only', preview().attach('file', Buffer.from('Name;Unit;Price\n'), 'empty.csv'), 'file', /no data rows/],
      [
        'bad mapping JSON',
        preview()
          .field('mapping', '{oops')
          .attach('file', await csvFixture(), 'a.csv'),
        'mapping',
        /valid JSON/,
      ],
      [
        'mapping past the end',
        preview()
          .field('mapping', JSON.stringify({ name: 9 }))
          .attach('file', await csvFixture(), 'a.csv'),
        'mapping.name',
        /column 0–4/,
      ],
    ];
    for (const [label, request, field, message] of cases) {
      const res = await request;
      expect([label, res.status]).toEqual([label, 400]);
      expect([label, res.body.fields[field]?.message]).toEqual([label, expect.stringMatching(message)]);
    }
  });

  it('is for staff who write: a worker token or no token is refused', async () => {
    const res = await api.http.post('/api/catalog-items/import/preview').attach('file', await csvFixture(), 'a.csv');
    expect(res.status).toBe(401);
  });
});

describe('export', () => {
  it('writes CSV for Russian Excel (BOM, ";", decimal comma) that imports back unchanged, and XLSX with numeric prices', async () => {
    const { auth } = await firm();
    await api.http
      .post('/api/catalog-items/import')
      .set(auth)
      .field('skip_invalid', 'true')
      .attach('file', await csvFixture(), 'прайс.csv')
      .expect(201);
    const csv = await api.http
      .get('/api/catalog-items/export')
      .set(auth)
      .query({ format: 'csv', locale: 'ru' })
      .buffer(true)
      .parse(binary as never);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="?prais-\d{4}-\d{2}-\d{2}\.csv/);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFFНаименование;Ед. изм.;Цена;Категория;Тип;Описание\r\n')).toBe(true);
    expect(text).toContain('Монтаж розетки;точка;8500,00;Электрика;Работа;\r\n');

    const back = await api.http
      .post('/api/catalog-items/import/preview')
      .set(auth)
      .attach('file', csv.body as Buffer, 'prais.csv');
    expect(back.body.summary).toEqual({ total: 4, create: 0, update: 4, errors: 0 });

    const filtered = await api.http
      .get('/api/catalog-items/export')
      .set(auth)
      .query({ format: 'xlsx', locale: 'en', filter: JSON.stringify({ kind: 'material' }) })
      .buffer(true)
      .parse(binary as never);
    expect(filtered.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(filtered.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Name', 'Unit', 'Price', 'Category', 'Kind', 'Description']);
    expect(sheet.actualRowCount).toBe(2);
    expect(sheet.getRow(2).getCell(1).value).toBe('Штукатурка гипсовая Knauf Rotband 30 кг');
    expect(sheet.getRow(2).getCell(2).value).toBe('pack');
    expect(sheet.getRow(2).getCell(3).value).toBe(8500);
  });

  it('refuses an unknown format, naming it', async () => {
    const { auth } = await firm();
    const res = await api.http.get('/api/catalog-items/export').set(auth).query({ format: 'pdf' });
    expect(res.status).toBe(400);
    expect(res.body.fields.format).toBeDefined();
  });
});

/** Collects a download as bytes (supertest would decode text and leave XLSX unread). */
function binary(res: NodeJS.ReadableStream, done: (error: Error | null, body: unknown) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('estimate lines picked from the catalogue', () => {
  it('keep the item they came from, refuse another organization’s item naming the line, and outlive a deleted item', async () => {
    const { auth } = await firm();
    const other = await firm();
    const item = (await api.http.post('/api/catalog-items').set(auth).send({ name: 'Монтаж розетки', unit: 'point', price: '450' })).body;
    const foreign = (await api.http.post('/api/catalog-items').set(other.auth).send({ name: 'Чужая работа', unit: 'pcs', price: '1' })).body;
    const lead = (await api.http.post('/api/leads').set(auth).send({ name: 'Ольга' })).body;
    const line = (catalogue_item_id: number) => ({ name: 'Монтаж розетки', unit: 'point', quantity: '6', unit_price: '450', catalogue_item_id });
    const estimate = await api.http
      .post('/api/estimates')
      .set(auth)
      .send({ lead_id: lead.id, title: 'Кухня', sections: [{ name: 'Кухня', lines: [line(item.id)] }] });
    expect(estimate.status).toBe(201);
    expect(estimate.body.sections[0].lines[0].catalogue_item_id).toBe(item.id);

    const stolen = await api.http
      .post('/api/estimates')
      .set(auth)
      .send({ lead_id: lead.id, title: 'Кухня', sections: [{ name: 'Кухня', lines: [line(item.id), line(foreign.id)] }] });
    expect(stolen.status).toBe(400);
    expect(stolen.body.fields['sections.0.lines.1.catalogue_item_id'].message).toMatch(/unknown catalogue item/);

    expect((await api.http.delete(`/api/catalog-items/${item.id}`).set(auth)).status).toBe(200);
    const after = (await api.http.get(`/api/estimates/${estimate.body.id}`).set(auth)).body;
    expect(after.sections[0].lines[0]).toMatchObject({ catalogue_item_id: null, name: 'Монтаж розетки', unit_price: '450.00' });
  });
});
