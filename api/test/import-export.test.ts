// Leads and contacts moved over from amoCRM and Bitrix24: their CSV and XLSX exports read with a
// preview and a guessed column mapping, phones normalised, duplicates skipped or merged, progress
// streamed; and the lists going back out as files Russian Excel opens (BOM, ";", names, links).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { Lead } from '@crm/database';
import { bearer, createTestApi, type TestApi } from '@crm/testing/api';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api?.close();
});

async function firm() {
  const { token, org } = await api.register();
  const auth = bearer(token);
  const manager = (
    await api.http
      .post('/api/users')
      .set(auth)
      .send({
        name: 'Ольга Смирнова',
        role: 'manager',
        email: `olga-${org.id}@example.test`,
        password: 'correct horse battery',
      })
  ).body as { id: number };
  return { auth, org, manager };
}

/** An amoCRM deals export as it downloads: UTF-8 with a BOM, ";" between cells, CRLF. */
const amoDeals = () => readFile(new URL('./fixtures/amocrm-deals.csv', import.meta.url));

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, any>);
const leadsOf = (org_id: number) => Lead.findAll({ where: { org_id }, order: [['id', 'ASC']] });

describe('lead import: preview', () => {
  it('guesses the mapping of an amoCRM export, maps stages, normalises phones, finds duplicates and unknown managers', async () => {
    const { auth, manager } = await firm();
    // A lead already in the CRM with Дмитрий's number, typed differently.
    await api.http.post('/api/leads').set(auth).send({ name: 'Дмитрий (сайт)', phone: '8 999 000 11 22' }).expect(201);

    const res = await api.http
      .post('/api/leads/import/preview')
      .set(auth)
      .attach('file', await amoDeals(), 'amocrm_export_leads.csv');
    expect(res.status).toBe(200);
    const { mapping, rows, summary, delimiter } = res.body;
    expect(delimiter).toBe(';');
    expect(mapping).toMatchObject({ name: 1, budget: 2, manager: 3, status: 4, contact: 6, phone: 7, phone_alt: 8, address: null, source: null });

    const [ivan, maria, sergey, anna, oleg, dmitry] = rows;
    expect(ivan).toMatchObject({
      line: 2,
      action: 'create',
      values: { name: 'Иван Петров', phone: '+79161234567', budget_amount: '150000.50', status: 'new', source: 'import', manager_id: manager.id },
    });
    // The work phone is empty: the mobile one serves.
    expect(maria).toMatchObject({ action: 'create', values: { name: 'Мария Иванова', phone: '+79265554433', budget_amount: '1200000', status: 'qualified' } });
    // Two numbers in one cell: the first; a manager nobody has here: unassigned, said so.
    expect(sergey).toMatchObject({ action: 'create', values: { phone: '+79031112233', status: 'won', manager_id: null, budget_amount: '3400000' } });
    expect(sergey.notes.manager).toMatch(/no active manager named "Пётр Неизвестный"/);
    // Анна has Иван's number: the file's earlier row.
    // A lost deal keeps the other CRM's stage as its reason (every lost lead has one).
    expect(anna).toMatchObject({
      action: 'skip',
      values: { status: 'lost', lost_reason: 'Закрыто и не реализовано' },
      duplicate_of: { lead_id: null, line: 2 },
    });
    expect(oleg).toMatchObject({ action: 'error', errors: { phone: 'is not a phone number (12)' } });
    expect(oleg.notes.status).toMatch(/unknown stage "Ждём предоплату": imported as new/);
    expect(dmitry).toMatchObject({ action: 'skip', duplicate_of: { name: 'Дмитрий (сайт)' } });
    expect(summary).toEqual({ total: 6, create: 3, update: 0, skip: 2, errors: 1 });
  });

  it('reads a Bitrix24 export saved by old Excel in Windows-1251, with first and last names, and an English XLSX', async () => {
    const { auth } = await firm();
    const bitrix = iconv.encode(
      'Название лида;Имя;Фамилия;Стадия;Источник;Мобильный телефон;Адрес;Сумма\r\nРемонт офиса;Елена;Кузнецова;Новая;Сайт;89161112233;Москва, ул. Ленина, 1;250000\r\n',
      'win1251',
    );
    const preview = await api.http.post('/api/leads/import/preview').set(auth).attach('file', bitrix, 'LEAD.csv');
    expect(preview.status).toBe(200);
    expect(preview.body.rows[0]).toMatchObject({
      action: 'create',
      values: { name: 'Елена Кузнецова', phone: '+79161112233', status: 'new', source: 'Сайт', address: 'Москва, ул. Ленина, 1', budget_amount: '250000' },
    });

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Contacts');
    sheet.addRow(['Full name', 'Mobile phone', 'Responsible user', 'Stage']);
    sheet.addRow(['John Smith', '+44 7911 123456', 'Ольга Смирнова', 'Proposal sent']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const english = await api.http.post('/api/leads/import/preview').set(auth).attach('file', xlsx, 'contacts.xlsx');
    expect(english.status).toBe(200);
    expect(english.body.rows[0]).toMatchObject({ action: 'create', values: { name: 'John Smith', phone: '+447911123456', status: 'estimate' } });
    expect(english.body.rows[0].values.manager_id).toEqual(expect.any(Number));
  });

  it('refuses a file with no name or phone column, a mapping past the last column, and an old .xls, naming the field', async () => {
    const { auth } = await firm();
    const noName = await api.http.post('/api/leads/import/preview').set(auth).attach('file', Buffer.from('Бюджет;Теги\r\n100;x\r\n'), 'x.csv');
    expect(noName.status).toBe(400);
    expect(noName.body.fields['mapping.contact']).toBeDefined();
    const past = await api.http
      .post('/api/leads/import/preview')
      .set(auth)
      .field('mapping', JSON.stringify({ phone: 40 }))
      .attach('file', await amoDeals(), 'a.csv');
    expect(past.status).toBe(400);
    expect(past.body.fields['mapping.phone']).toBeDefined();
    const xls = await api.http
      .post('/api/leads/import/preview')
      .set(auth)
      .attach('file', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), 'old.xls');
    expect(xls.status).toBe(400);
    expect(xls.body.fields.file).toBeDefined();
    const none = await api.http.post('/api/leads/import/preview').set(auth);
    expect(none.status).toBe(400);
    expect(none.body.fields.file).toBeDefined();
  });
});

describe('lead import: commit', () => {
  it('refuses a file with bad rows naming them and writes nothing; with skip_invalid streams progress and creates the cards at the end of their columns', async () => {
    const { auth, org } = await firm();
    const before = (await leadsOf(org.id)).length;
    const refused = await api.http
      .post('/api/leads/import')
      .set(auth)
      .attach('file', await amoDeals(), 'amo.csv');
    expect(refused.status).toBe(400);
    expect(refused.body.fields['rows.6.phone'].message).toBe('is not a phone number (12)');
    expect((await leadsOf(org.id)).length).toBe(before);

    const res = await api.http
      .post('/api/leads/import')
      .set(auth)
      .field('skip_invalid', 'true')
      .attach('file', await amoDeals(), 'amo.csv')
      .buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
    const events = lines(res.text);
    expect(events[0]).toEqual({ progress: { done: 0, total: 4 } });
    expect(events.at(-2)).toEqual({ progress: { done: 4, total: 4 } });
    expect(events.at(-1)).toEqual({ result: { created: 4, updated: 0, skipped: 1, invalid: 1 } });

    const leads = await leadsOf(org.id);
    expect(leads.map((l) => [l.name, l.phone, l.status, l.source])).toEqual([
      ['Иван Петров', '+79161234567', 'new', 'import'],
      ['Мария Иванова', '+79265554433', 'qualified', 'import'],
      ['Сергей Козлов', '+79031112233', 'won', 'import'],
      ['Дмитрий Орлов', '+79990001122', 'new', 'import'],
    ]);
    expect(leads[0]!.budget_amount).toBe('150000.50');
    expect(leads[0]!.budget_currency).toBe('RUB');
    // Kanban positions stay dense per column after the bulk insert.
    const newColumn = leads
      .filter((l) => l.status === 'new')
      .map((l) => l.position)
      .sort();
    expect(newColumn).toEqual([0, 1]);
    const totals = (await api.http.get('/api/leads/totals').set(auth)).body as Array<{ status: string; count: number }>;
    expect(totals.find((t) => t.status === 'new')?.count).toBe(2);

    // The same file again: every row is now a duplicate of a card, nothing to import.
    const again = await api.http
      .post('/api/leads/import')
      .set(auth)
      .field('skip_invalid', 'true')
      .attach('file', await amoDeals(), 'amo.csv');
    expect(again.status).toBe(400);
    expect(again.body.fields.file.message).toBe('has no new leads');
  });

  it('with duplicates=update fills only the empty fields of the existing card', async () => {
    const { auth, org, manager } = await firm();
    const existing = (await api.http.post('/api/leads').set(auth).send({ name: 'Иван (звонок)', phone: '+7 916 123-45-67', address: 'Тверская, 5' })).body;
    const file = Buffer.from('Контакт;Телефон;Бюджет;Адрес;Ответственный\r\nИван Петров;89161234567;300000;Арбат, 1;Ольга Смирнова\r\n');
    const res = await api.http.post('/api/leads/import').set(auth).field('duplicates', 'update').attach('file', file, 'c.csv').buffer(true);
    expect(res.status).toBe(200);
    expect(lines(res.text).at(-1)).toEqual({ result: { created: 0, updated: 1, skipped: 0, invalid: 0 } });
    const lead = (await leadsOf(org.id)).find((l) => l.id === existing.id)!;
    expect(lead).toMatchObject({ name: 'Иван (звонок)', address: 'Тверская, 5', budget_amount: '300000.00', manager_id: manager.id });
    expect((await leadsOf(org.id)).length).toBe(1);
  });

  it('imports a lost deal with the other CRM’s stage as its reason', async () => {
    const { auth, org } = await firm();
    const file = Buffer.from('Контакт;Телефон;Этап сделки\r\nАнна Белова;+7 916 765-43-21;Закрыто и не реализовано\r\n');
    const res = await api.http.post('/api/leads/import').set(auth).attach('file', file, 'lost.csv').buffer(true);
    expect(lines(res.text).at(-1)).toEqual({ result: { created: 1, updated: 0, skipped: 0, invalid: 0 } });
    expect((await leadsOf(org.id)).map((l) => [l.status, l.lost_reason])).toEqual([['lost', 'Закрыто и не реализовано']]);
  });

  it('keeps an amoCRM deal’s creation date (the firm’s wall clock) and turns its note and comment into notes on the card', async () => {
    const { auth, org } = await firm();
    await api.http.put(`/api/organizations/${org.id}`).set(auth).send({ timezone: 'Asia/Novosibirsk' }).expect(200);
    const me = (await api.http.get('/api/auth/me').set(auth)).body as { user: { id: number } };
    const file = Buffer.from(
      [
        '\uFEFFID;Название сделки;Основной контакт;Мобильный телефон (контакт);Дата создания;Примечание;Комментарий',
        '2001;Ремонт ванной;Ирина Лебедева;+7 913 100-20-30;12.03.2024 14:35:10;Звонила с сайта, просит смету;"Перезвонить после 18:00\nпо будням"',
        '2002;Кухня;Глеб Носов;+7 913 100-20-31;05.02.2024;;',
        '2003;Дача;Ян Ким;+7 913 100-20-32;вчера;Старый клиент;',
      ].join('\r\n'),
    );
    const preview = (await api.http.post('/api/leads/import/preview').set(auth).attach('file', file, 'amocrm_export_leads.csv')).body;
    expect(preview.mapping).toMatchObject({ created_at: 4, comment: 5, comment_alt: 6 });
    expect(preview.rows[2].notes.created_at).toMatch(/not a date "вчера": created now/);

    const before = Date.now();
    const res = await api.http.post('/api/leads/import').set(auth).attach('file', file, 'amocrm_export_leads.csv').buffer(true);
    expect(lines(res.text).at(-1)).toEqual({ result: { created: 3, updated: 0, skipped: 0, invalid: 0 } });
    const [irina, gleb, yan] = await leadsOf(org.id);
    // Novosibirsk is UTC+7: 14:35 there is 07:35 UTC; a date alone is midnight there.
    expect(irina!.created_at.toISOString()).toBe('2024-03-12T07:35:00.000Z');
    expect(gleb!.created_at.toISOString()).toBe('2024-02-04T17:00:00.000Z');
    expect(yan!.created_at.getTime()).toBeGreaterThanOrEqual(before - 1000);

    const notes = (id: number) => api.http.get(`/api/notes?filter=${encodeURIComponent(JSON.stringify({ lead_id: id }))}&sort=["id","ASC"]`).set(auth);
    const irinaNotes = (await notes(irina!.id)).body as Array<{ body: string; author_id: number; created_at: string }>;
    expect(irinaNotes.map((n) => n.body)).toEqual(['Звонила с сайта, просит смету', 'Перезвонить после 18:00\nпо будням']);
    expect(irinaNotes.every((n) => n.author_id === me.user.id && n.created_at === '2024-03-12T07:35:00.000Z')).toBe(true);
    expect((await notes(gleb!.id)).body).toEqual([]);
    expect(((await notes(yan!.id)).body as Array<{ body: string }>).map((n) => n.body)).toEqual(['Старый клиент']);
  });

  it('keeps organizations apart: another firm’s lead with the same phone is no duplicate, its manager no match', async () => {
    const a = await firm();
    const b = await firm();
    await api.http.post('/api/leads').set(b.auth).send({ name: 'Чужой', phone: '+79161234567' }).expect(201);
    const file = Buffer.from('Контакт;Телефон;Ответственный\r\nИван Петров;89161234567;Ольга Смирнова\r\n');
    const preview = (await api.http.post('/api/leads/import/preview').set(a.auth).attach('file', file, 'c.csv')).body;
    expect(preview.rows[0]).toMatchObject({ action: 'create', duplicate_of: null, values: { manager_id: a.manager.id } });
  });
});

/** Collects a download as bytes (supertest would decode text and leave XLSX unread). */
function binary(res: NodeJS.ReadableStream, done: (error: Error | null, body: unknown) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('list exports', () => {
  it('writes the leads list for Russian Excel: names instead of ids, statuses in words, decimal comma, local time, permanent links', async () => {
    const { auth, manager } = await firm();
    const lead = (
      await api.http.post('/api/leads').set(auth).send({
        name: 'Иван; "Петров"',
        phone: '+79161234567',
        status: 'qualified',
        manager_id: manager.id,
        budget_amount: '150000.5',
        work_type: 'bathroom',
        source: 'avito',
      })
    ).body;
    await api.http.post('/api/leads').set(auth).send({ name: 'Мария', status: 'lost', lost_reason: 'Дорого' }).expect(201);

    const res = await api.http
      .get('/api/leads/export')
      .set(auth)
      .query({ format: 'csv', filter: JSON.stringify({ status: 'qualified' }) })
      .buffer(true)
      .parse(binary as never);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/filename="?lidy-\d{4}-\d{2}-\d{2}\.csv/);
    const text = (res.body as Buffer).toString('utf8');
    const [header, row, ...rest] = text.split('\r\n');
    expect(header!.startsWith('\uFEFFID;Имя;Телефон;Telegram;Статус;Источник;Ответственный;Бюджет;Валюта;Вид работ')).toBe(true);
    expect(rest).toEqual(['']);
    const cells = row!.split(';');
    expect(row).toContain('"Иван; ""Петров"""');
    expect(row).toContain(';Квалифицированный;avito;Ольга Смирнова;150000,50;RUB;Санузел;');
    expect(cells.at(-1)).toBe(`http://localhost:3000/admin/#/leads/${lead.id}`);
    // Created: the organization's clock (Moscow by default), as Russian Excel reads a date.
    expect(row).toMatch(/;\d{2}\.\d{2}\.\d{4} \d{2}:\d{2};/);

    const xlsx = await api.http
      .get('/api/leads/export')
      .set(auth)
      .query({ format: 'xlsx', locale: 'en', sort: JSON.stringify(['name', 'ASC']) })
      .buffer(true)
      .parse(binary as never);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(5).value).toBe('Status');
    expect(sheet.actualRowCount).toBe(3);
    expect(sheet.getRow(2).getCell(2).value).toBe('Иван; "Петров"');
    expect(sheet.getRow(2).getCell(8).value).toBe(150000.5);
    expect(sheet.getRow(3).getCell(5).value).toBe('Lost');

    // The firm's own stage name is the one the export writes, as every screen shows it.
    await api.http
      .put('/api/pipeline')
      .set(auth)
      .send({ stages: { qualified: { one: 'Тёплый', many: 'Тёплые' } } })
      .expect(200);
    const renamed = await api.http
      .get('/api/leads/export')
      .set(auth)
      .query({ filter: JSON.stringify({ status: 'qualified' }) })
      .buffer(true)
      .parse(binary as never);
    expect((renamed.body as Buffer).toString('utf8')).toContain(';Тёплый;avito;');

    const badSort = await api.http
      .get('/api/leads/export')
      .set(auth)
      .query({ sort: JSON.stringify(['ai_cost_usd', 'ASC']) });
    expect(badSort.status).toBe(400);
    expect(badSort.body.fields.sort).toBeDefined();
  });

  it('writes money records with project, stage and author names and categories in words', async () => {
    const { auth } = await firm();
    const project = (await api.http.post('/api/projects').set(auth).send({ name: 'Квартира на Арбате', budget_total: '1000000' })).body;
    const stage = (await api.http.post('/api/stages').set(auth).send({ project_id: project.id, name: 'Электрика' })).body;
    const tx = (
      await api.http.post('/api/transactions').set(auth).send({
        project_id: project.id,
        stage_id: stage.id,
        type: 'expense',
        category: 'tools',
        amount: '12500.75',
        description: 'Перфоратор',
        occurred_on: '2026-11-20',
      })
    ).body;
    const res = await api.http
      .get('/api/transactions/export')
      .set(auth)
      .query({ format: 'csv', locale: 'ru' })
      .buffer(true)
      .parse(binary as never);
    expect(res.status).toBe(200);
    const [header, row] = (res.body as Buffer).toString('utf8').split('\r\n');
    expect(header).toBe('\uFEFFДата;Объект;Этап;Тип;Категория;Сумма;Описание;Автор;Статус;Чек;Ссылка');
    expect(row).toMatch(
      new RegExp(
        `^20\\.11\\.2026;Квартира на Арбате;Электрика;Расход;Инструменты;12500,75;Перфоратор;Admin [^;]+;Подтверждён;;http://localhost:3000/admin/#/transactions/${tx.id}$`,
      ),
    );
  });

  it('writes projects with client and manager names and the money and progress the project summary computes', async () => {
    const { auth, manager } = await firm();
    const clientUser = (await api.http.post('/api/users').set(auth).send({ name: 'Анна Клиентова', role: 'client', phone: '+79990001122' })).body;
    const project = (
      await api.http.post('/api/projects').set(auth).send({
        name: 'Дом у реки',
        address: 'Тверь',
        client_id: clientUser.id,
        manager_id: manager.id,
        budget_total: '900000.00',
        status: 'active',
        start_date: '2026-03-01',
      })
    ).body;
    await api.http
      .post('/api/transactions')
      .set(auth)
      .send({ project_id: project.id, type: 'income', amount: '300000.00', category: 'advance', occurred_on: '2026-03-02' })
      .expect(201);
    await api.http
      .post('/api/transactions')
      .set(auth)
      .send({ project_id: project.id, type: 'expense', amount: '1200.50', category: 'materials', occurred_on: '2026-03-03' })
      .expect(201);
    const summary = (await api.http.get(`/api/projects/${project.id}/summary`).set(auth)).body;
    const res = await api.http
      .get('/api/projects/export')
      .set(auth)
      .query({ format: 'csv', locale: 'ru' })
      .buffer(true)
      .parse(binary as never);
    expect(res.status).toBe(200);
    const [header, row] = (res.body as Buffer).toString('utf8').split('\r\n');
    expect(header).toBe('\uFEFFОбъект;Адрес;Клиент;Менеджер;Статус;Договор;Оплачено;К оплате;Расходы;Готовность, %;Начало;Окончание;Ссылка');
    const money = (value: string) => value.replace('.', ',');
    expect(row).toBe(
      [
        'Дом у реки',
        'Тверь',
        'Анна Клиентова',
        'Ольга Смирнова',
        'В работе',
        money(summary.money.contract_total),
        money(summary.money.paid),
        money(summary.money.to_pay),
        money(summary.money.spent),
        String(summary.progress_pct),
        '01.03.2026',
        '',
        `http://localhost:3000/admin/#/projects/${project.id}/show`,
      ].join(';'),
    );
    expect(summary.money).toMatchObject({ contract_total: '900000.00', paid: '300000.00', to_pay: '600000.00', spent: '1200.50' });
  });
});
