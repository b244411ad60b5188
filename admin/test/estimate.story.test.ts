import { describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { telegramOpens } from '@crm/testing/miniapp-browser';
import { initDataFor } from '@crm/testing/miniapp-fixtures';
import { pdfText } from '@crm/testing/pdf-text';
import { openPage, root, step } from '@crm/testing/admin-browser';
import { storyStackForFile } from './stack.js';
import { cents, connectBot, displayedCents, markupOf, newFirm, signUp, STORY_WAIT as WAIT, telegramPerson } from './story.js';

/*
 * An estimate from the firm's price list to a project, end to end, with no demo data: the owner signs
 * up, imports the price list and builds a two-room estimate in the back office (Chromium), sends it to
 * a lead who wrote to the bot (the fake Bot API posting updates to the bot's webhook), the client
 * approves it in the Mini App on a phone-sized screen, and the back office shows the project it made.
 * Nothing is written to the database by the test. With SCREENSHOTS=1 it also leaves the README's
 * pictures of the builder and the Mini App in docs/screenshots/.
 */
const PUBLIC_URL = 'https://crm.example.test';
const SCREENSHOTS = process.env.SCREENSHOTS === '1';

const story = storyStackForFile('estimate-story', PUBLIC_URL);
let current: Page | undefined;

/**
 * A README picture of what the page shows. `whole` grows the window to the page's height first, so
 * panels pinned to the bottom of the window sit where they belong instead of over the content.
 */
async function picture(page: Page, name: string, whole = false) {
  if (!SCREENSHOTS) return;
  const dir = path.join(root, 'docs/screenshots');
  mkdirSync(dir, { recursive: true });
  const size = page.viewportSize()!;
  if (whole) await page.setViewportSize({ width: size.width, height: await page.evaluate(() => document.documentElement.scrollHeight) });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
  if (whole) await page.setViewportSize(size);
}

/** The price list as a firm keeps it in Excel, saved as CSV with Russian headers. */
const PRICE_LIST = [
  'Наименование;Ед. изм.;Цена, ₽;Категория;Тип',
  'Укладка ламината;м²;450;Полы;Работа',
  'Штукатурка стен по маякам;м²;650;Стены;Работа',
  'Укладка плитки;м²;"1 800,50";Полы;Работа',
  'Монтаж розетки;точка;850;Электрика;Работа',
].join('\n');

/** The two rooms as the manager types them: measures, and lines picked from the price list by a few letters. */
const ROOMS = [
  {
    name: 'Кухня',
    measures: { 'Длина, м': '4', 'Ширина, м': '3', 'Высота, м': '2,7' },
    lines: [
      { search: 'ламин', item: 'Укладка ламината', source: 'площадь пола' },
      { search: 'штукат', item: 'Штукатурка стен по маякам', source: 'площадь стен' },
    ],
  },
  {
    name: 'Ванная',
    measures: { 'Длина, м': '2', 'Ширина, м': '1,7', 'Высота, м': '2,5' },
    lines: [
      { search: 'плит', item: 'Укладка плитки', source: 'площадь пола' },
      { search: 'розет', item: 'Монтаж розетки', quantity: '2' },
    ],
  },
] as const;

describe('an estimate from the price list to a project: built in the back office, approved in the Mini App', () => {
  const firm = newFirm('Ремонт Соколовых', 'Пётр Соколов');
  const client = telegramPerson(() => story.stack, { first_name: 'Марина', last_name: 'Соколова', language_code: 'ru' });
  const api = (method: string, url: string, body?: unknown) => story.stack.api(firm.token, method, url, body);
  let page: Page;
  let leadId = 0;
  let estimateId = 0;
  let webAppUrl = '';

  it('the owner signs up, connects the bot and imports the price list through the screen', async () => {
    const opened = await openPage(story.browser, 'ru-RU');
    page = opened.page;
    current = page;
    await signUp(story.stack, page, firm);
    for (const resource of ['leads', 'projects', 'estimates', 'catalog-items']) expect(await api('GET', `/${resource}`)).toEqual([]);
    await connectBot(story.stack, page, firm);

    await step(
      () => current,
      'story-price-list',
      async () => {
        await page.goto(`${story.stack.base}/admin/#/catalog-items`);
        await page.getByText('Прайс пуст.').waitFor({ timeout: WAIT });
        await page.getByRole('button', { name: 'Импорт' }).click();
        await page.locator('input[type=file]').setInputFiles({ name: 'прайс.csv', mimeType: 'text/csv', buffer: Buffer.from(PRICE_LIST) });
        await page.getByText('Строк: 4; добавится 4, обновится 0, с ошибками 0').waitFor({ timeout: WAIT });
        await page.getByRole('button', { name: 'Импортировать', exact: true }).click();
        await page.getByText('Импорт завершён: добавлено 4, обновлено 0, пропущено 0').waitFor({ timeout: WAIT });
        await page.getByText('Укладка плитки').waitFor({ timeout: WAIT });
      },
    );
    const items = await api('GET', '/catalog-items?sort=["name","ASC"]');
    expect(items.map((i: { name: string; unit: string; price: string }) => [i.name, i.unit, i.price])).toEqual([
      ['Монтаж розетки', 'point', '850.00'],
      ['Укладка ламината', 'm2', '450.00'],
      ['Укладка плитки', 'm2', '1800.50'],
      ['Штукатурка стен по маякам', 'm2', '650.00'],
    ]);
    expect(opened.errors).toEqual([]);
  }, 180_000);

  it('a client writes to the bot and becomes a lead linked to their Telegram, on the Kanban', async () => {
    await story.stack.deliver(firm.botToken, story.stack.updates.start(client()));
    await story.stack.personWrites(firm.botToken, client(), 'Добрый день! Хотим отремонтировать кухню и ванную, нужна смета');
    await step(
      () => current,
      'story-lead',
      async () => {
        await page.goto(`${story.stack.base}/admin/#/leads`);
        const card = page.locator('[data-testid^=lead-card-]').filter({ hasText: 'Марина Соколова' });
        await card.waitFor({ timeout: WAIT });
        await card.getByText('Марина Соколова').click();
        await page.waitForURL(/#\/leads\/\d+$/, { timeout: WAIT });
      },
    );
    leadId = Number(/leads\/(\d+)$/.exec(page.url())![1]);
    expect(await api('GET', `/leads/${leadId}`)).toMatchObject({ telegram_id: client().id, name: 'Марина Соколова' });
  }, 120_000);

  it('the manager builds an estimate with two rooms from the price list; the server computes every figure', async () => {
    await step(
      () => current,
      'story-new-estimate',
      async () => {
        await page.getByTestId('estimates-panel').getByText('Смет пока нет', { exact: false }).waitFor({ timeout: WAIT });
        await page.getByTestId('estimates-panel').getByRole('button', { name: 'Новая смета' }).click();
        await page.waitForURL(/#\/estimates\/\d+$/, { timeout: WAIT });
      },
    );
    estimateId = Number(/estimates\/(\d+)$/.exec(page.url())![1]);

    await step(
      () => current,
      'story-build-estimate',
      async () => {
        await page.getByLabel('Название', { exact: true }).fill('Ремонт кухни и ванной');
        await page.getByLabel('Размер скидки').fill('3');
        for (const [r, room] of ROOMS.entries()) {
          if (r > 0) await page.getByRole('button', { name: 'Добавить помещение или этап' }).click();
          const section = page.getByTestId('estimate-section').nth(r);
          await section.getByLabel('Помещение или этап', { exact: true }).fill(room.name);
          for (const [label, value] of Object.entries(room.measures)) await section.getByLabel(label, { exact: true }).fill(value);
          for (const [l, line] of room.lines.entries()) {
            // A room added in the editor comes with a blank line; the first one, saved with the new estimate, with none.
            if (!(await page.locator(`#line-${r}-${l}-name`).count())) await section.getByRole('button', { name: 'Добавить строку' }).click();
            // A few letters of the name offer the price list; the pick fills the unit and the price.
            await page.locator(`#line-${r}-${l}-name`).fill(line.search);
            await page.getByTestId('catalogue-option').filter({ hasText: line.item }).click();
            const row = section.getByTestId('estimate-line').nth(l);
            await story.stack.waitFor(async () => (await page.locator(`#line-${r}-${l}-name`).inputValue()) === line.item, WAIT, `the line “${line.item}”`);
            if ('source' in line) {
              await row.locator('.MuiSelect-select').click();
              await page.getByRole('option', { name: line.source, exact: true }).click();
            } else {
              await page.locator(`#line-${r}-${l}-quantity`).fill(line.quantity);
            }
          }
        }
        // 4 × 3 = 12 m² × 450 + (14 × 2.7 = 37.8 m²) × 650 = 29 970; 2 × 1.7 = 3.4 m² × 1 800.50 + 2 × 850 = 7 821.70;
        // 37 791.70 − 3 % (1 133.75) = 36 657.95, computed by the server as the manager types.
        await page.waitForFunction(() => document.querySelector('[data-testid=total-total]')?.textContent?.replace(/\D/g, '') === '3665795', null, {
          timeout: WAIT,
        });
        await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
        await page.getByText('Смета сохранена').waitFor({ timeout: WAIT });
      },
    );
    const saved = await api('GET', `/estimates/${estimateId}`);
    expect(saved).toMatchObject({ status: 'draft', title: 'Ремонт кухни и ванной', subtotal: '37791.70', discount_amount: '1133.75', total: '36657.95' });
    expect(
      saved.sections.map(
        (s: {
          name: string;
          subtotal: string;
          total: string;
          lines: Array<{ name: string; quantity: string; unit: string; unit_price: string; total: string }>;
        }) => [s.name, s.subtotal, s.total, s.lines.map((l) => [l.name, l.unit, l.quantity, l.unit_price, l.total])],
      ),
    ).toEqual([
      [
        'Кухня',
        '29970.00',
        '29070.90',
        [
          ['Укладка ламината', 'м²', '12.000', '450.00', '5400.00'],
          ['Штукатурка стен по маякам', 'м²', '37.800', '650.00', '24570.00'],
        ],
      ],
      [
        'Ванная',
        '7821.70',
        '7587.05',
        [
          ['Укладка плитки', 'м²', '3.400', '1800.50', '6121.70'],
          ['Монтаж розетки', 'точка', '2.000', '850.00', '1700.00'],
        ],
      ],
    ]);
    const subtotals = await page.getByTestId('section-subtotal').allTextContents();
    expect(subtotals.map(displayedCents)).toEqual([cents('29970.00'), cents('7821.70')]);
    await page.getByText('Смета сохранена').waitFor({ state: 'hidden', timeout: WAIT });
    await picture(page, 'estimate-builder', true);
  }, 180_000);

  it('sends it: the client gets the PDF in Telegram with Open, Approve and Questions', async () => {
    await step(
      () => current,
      'story-send-estimate',
      async () => {
        await page.getByRole('button', { name: 'Отправить клиенту' }).click();
        await page.getByText('Отправлено клиенту в Telegram').waitFor({ timeout: WAIT });
      },
    );
    expect(await api('GET', `/estimates/${estimateId}`)).toMatchObject({ status: 'sent' });
    const document = await story.stack.waitFor(
      async () => story.stack.harness.fake.calls('sendDocument', firm.botToken).find((r) => String(r.params.chat_id) === String(client().id)),
      WAIT,
      'the estimate document in the client’s Telegram',
    );
    const buttons = markupOf(document).inline_keyboard!;
    expect(buttons).toEqual([
      [{ text: '📄 Открыть в приложении', web_app: { url: `${PUBLIC_URL}/app/?org=${firm.orgId}&estimate=${estimateId}` } }],
      [
        { text: '✅ Одобрить', callback_data: `es1:a:${estimateId}` },
        { text: '❓ Вопросы', callback_data: `es1:q:${estimateId}` },
      ],
    ]);
    webAppUrl = buttons[0]![0]!.web_app!.url;
    const file = document.files.find((f) => f.field === 'document')!;
    expect(file.filename).toBe(`estimate-${estimateId}-v1.pdf`);
    const text = (await pdfText(file.body)).replace(/\s+/g, ' ');
    for (const room of ['Кухня', 'Ванная', 'Укладка плитки']) expect(text).toContain(room);
    expect(text).toContain('Итого к оплате 36 657,95 ₽');
  }, 120_000);

  it('the client opens the estimate from the button in the Mini App on a phone and approves it', async () => {
    const mini = await openPage(story.browser, 'ru-RU', { width: 390, height: 844 });
    const app = mini.page;
    current = app;
    const opened = new URL(webAppUrl);
    await step(
      () => current,
      'story-mini-app-estimate',
      async () => {
        await app.goto(
          telegramOpens(
            `${story.stack.base}${opened.pathname}${opened.search}`,
            initDataFor(firm.botToken, { id: client().id, first_name: 'Марина', language_code: 'ru' }),
          ),
        );
        await app.getByTestId('estimate-view').waitFor({ timeout: WAIT });
        const sections = app.getByTestId('estimate-section');
        await sections.nth(1).waitFor({ timeout: WAIT });
        expect(await sections.locator('.est-section-name strong').allTextContents()).toEqual(['Кухня', 'Ванная']);
        expect((await sections.locator('[data-role=subtotal]').allTextContents()).map(displayedCents)).toEqual([cents('29970.00'), cents('7821.70')]);
        expect(displayedCents((await app.getByTestId('estimate-total').locator('dd').textContent()) ?? '')).toBe(cents('36657.95'));
        expect(await app.getByTestId('estimate-status').textContent()).toBe('Ждёт вашего одобрения');
        // The client opens the kitchen to read its lines.
        await sections.nth(0).getByRole('button').click();
        await sections.nth(0).getByTestId('estimate-line').nth(1).waitFor({ timeout: WAIT });
        const lines = (await sections.nth(0).getByTestId('estimate-line').allTextContents()).map((text) => text.replace(/\s+/g, ' '));
        expect(lines).toEqual(['Укладка ламината5 400 ₽12 м² × 450 ₽', 'Штукатурка стен по маякам24 570 ₽37,8 м² × 650 ₽']);
        await picture(app, 'miniapp-estimate');
        await app.getByTestId('approve-estimate').click();
        await app.getByTestId('confirm-approve-estimate').click();
        await app.getByTestId('estimate-status').filter({ hasText: '✅ Вы одобрили, ' }).waitFor({ timeout: WAIT });
        expect(await app.getByTestId('approve-estimate').count()).toBe(0);
      },
    );
    expect(mini.errors).toEqual([]);
    await mini.context.close();
    current = page;
    expect(await api('GET', `/estimates/${estimateId}`)).toMatchObject({ status: 'approved', approved_via: 'miniapp' });
  }, 120_000);

  it('the back office shows the project with one stage per room planned at the section totals, and the lead in Contract', async () => {
    const estimate = await api('GET', `/estimates/${estimateId}`);
    await step(
      () => current,
      'story-approved-estimate',
      async () => {
        await page.reload();
        await page.getByTestId('estimate-approved').waitFor({ timeout: WAIT });
        expect(await page.getByTestId('estimate-approved').textContent()).toContain('Марина Соколова');
        await page.getByTestId('estimate-project-link').click();
        await page.waitForURL(/#\/projects\/\d+\/show$/, { timeout: WAIT });
      },
    );
    const projectId = Number(/projects\/(\d+)\/show$/.exec(page.url())![1]);
    expect(projectId).toBe(estimate.project_id);
    expect(await api('GET', `/projects/${projectId}`)).toMatchObject({ lead_id: leadId, budget_total: '36657.95', status: 'planning' });

    await step(
      () => current,
      'story-project-stages',
      async () => {
        const rows = page.getByTestId('plan-fact-row');
        await rows.nth(1).waitFor({ timeout: WAIT });
        expect(await rows.count()).toBe(2);
        const shown = await Promise.all(
          [0, 1].map(async (i) => [
            await rows.nth(i).locator('td').first().textContent(),
            displayedCents((await rows.nth(i).locator('[data-role=planned]').textContent()) ?? ''),
          ]),
        );
        expect(shown).toEqual(estimate.sections.map((s: { name: string; total: string }) => [s.name, cents(s.total)]));
        expect(shown).toEqual([
          ['Кухня', cents('29070.90')],
          ['Ванная', cents('7587.05')],
        ]);
        for (const room of ROOMS) await page.locator('[data-testid^=stage-]').filter({ hasText: room.name }).waitFor({ timeout: WAIT });
      },
    );
    const stages = await api('GET', `/stages?sort=["position","ASC"]&filter=${encodeURIComponent(JSON.stringify({ project_id: projectId }))}`);
    expect(stages.map((s: { name: string; budget_planned: string }) => [s.name, s.budget_planned])).toEqual([
      ['Кухня', '29070.90'],
      ['Ванная', '7587.05'],
    ]);

    await step(
      () => current,
      'story-lead-contract',
      async () => {
        await page.goto(`${story.stack.base}/admin/#/leads`);
        await page.getByTestId('column-contract').getByTestId(`lead-card-${leadId}`).waitFor({ timeout: WAIT });
      },
    );
    expect(await api('GET', `/leads/${leadId}`)).toMatchObject({ status: 'contract' });
  }, 120_000);

  it('the PDF downloaded through the API names both rooms and the total as the client reads it', async () => {
    const res = await fetch(`${story.stack.base}/api/estimates/${estimateId}/pdf`, { headers: { Authorization: `Bearer ${firm.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = (await pdfText(Buffer.from(await res.arrayBuffer()))).replace(/\s+/g, ' ');
    expect(text).toContain('Ремонт кухни и ванной');
    expect(text).toContain('Итого по разделу «Кухня» 29 970,00 ₽');
    expect(text).toContain('Итого по разделу «Ванная» 7 821,70 ₽');
    expect(text).toContain('Скидка 3% −1 133,75 ₽');
    expect(text).toContain('Итого к оплате 36 657,95 ₽');
  }, 60_000);
});
