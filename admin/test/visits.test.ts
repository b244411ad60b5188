// Booking a measurement visit in Chromium: from the lead page and by dropping the card on the
// Measurement column (cancel leaves it where it was), a busy estimator refused under the field, and
// an estimate line picked from the price list with the keyboard.
import { expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { dragTo, openPage, step } from '@crm/testing/admin-browser';
import { browserStackForFile } from './stack.js';

const t = browserStackForFile();
let current: Page | undefined;

type Visit = { id: number; time: string; estimator_id: number; status: string; address: string };

it('books a visit from the lead, refuses a busy estimator, drops a card on Measurement and picks estimate lines from the catalogue', async () => {
  const { stack, company } = t;
  const api = (method: string, url: string, body?: unknown) => stack.api(company.token, method, url, body);
  const worker = (await api('POST', '/users', { name: 'Павел Замерщик', role: 'worker', phone: '+79990005511' })) as { id: number };
  const lead = (await api('POST', '/leads', { name: 'Ольга Замер', source: 'site', address: 'ул. Ленина, 5' })) as { id: number };
  const other = (await api('POST', '/leads', { name: 'Игорь Канбан', source: 'site', status: 'qualified' })) as { id: number };
  const tiling = (await api('POST', '/catalog-items', { name: 'Укладка плитки', unit: 'm2', price: '1800', category: 'Полы' })) as { id: number };
  await api('POST', '/catalog-items', { name: 'Укладка ламината', unit: 'm2', price: '650' });
  const { page } = await openPage(t.browser, 'ru-RU');
  current = page;
  await t.signIn(page);

  await step(
    () => current,
    'book-from-lead',
    async () => {
      await page.goto(`${stack.base}/admin/#/leads/${lead.id}`);
      await page.getByTestId('appointments-panel').getByText('Замеров пока нет', { exact: false }).waitFor();
      await page.getByTestId('book-visit').click();
      const dialog = page.getByTestId('book-visit-dialog');
      expect(await dialog.getByTestId('visit-address').inputValue()).toBe('ул. Ленина, 5');
      await dialog.getByTestId('visit-time').click();
      await page.getByRole('option', { name: '14:00' }).click();
      await dialog.getByTestId('visit-estimator').click();
      await page.getByRole('option', { name: /Павел Замерщик/ }).click();
      await dialog.getByTestId('visit-save').click();
      await page.getByTestId('visit-row').getByText('Ждём ответа').waitFor();
      // The lead never wrote to the bot: the office is told to call.
      await page.getByTestId('visit-row').getByText('Клиент не писал боту', { exact: false }).waitFor();
    },
  );
  const [visit] = (await api('GET', `/appointments?filter=${encodeURIComponent(JSON.stringify({ lead_id: lead.id }))}`)) as Visit[];
  expect(visit).toMatchObject({ time: '14:00', estimator_id: worker.id, status: 'scheduled', address: 'ул. Ленина, 5' });
  expect(((await api('GET', `/leads/${lead.id}`)) as { status: string }).status).toBe('measurement');

  await step(
    () => current,
    'busy-estimator',
    async () => {
      await page.getByTestId('book-visit').click();
      const dialog = page.getByTestId('book-visit-dialog');
      await dialog.getByTestId('visit-time').click();
      await page.getByRole('option', { name: '14:30' }).click();
      await dialog.getByTestId('visit-estimator').click();
      await page.getByRole('option', { name: /Павел Замерщик/ }).click();
      await dialog.getByTestId('visit-save').click();
      await dialog.getByText('занят в это время', { exact: false }).first().waitFor();
      await dialog.getByRole('button', { name: 'Отмена' }).click();
      expect(await page.getByTestId('visit-row').count()).toBe(1);
    },
  );

  await step(
    () => current,
    'kanban-drop',
    async () => {
      await page.goto(`${stack.base}/admin/#/leads`);
      const card = `[data-testid=lead-card-${other.id}]`;
      await page.locator(`[data-testid=column-qualified] ${card}`).waitFor();
      // Cancelling the dialog leaves the card where it was.
      await dragTo(page, card, '[data-testid=column-measurement]');
      await page.getByTestId('book-visit-dialog').getByRole('button', { name: 'Отмена' }).click();
      await page.locator(`[data-testid=column-qualified] ${card}`).waitFor();
      expect(((await api('GET', `/leads/${other.id}`)) as { status: string }).status).toBe('qualified');
      // Booking moves it.
      await dragTo(page, card, '[data-testid=column-measurement]');
      const dialog = page.getByTestId('book-visit-dialog');
      await dialog.getByTestId('visit-time').click();
      await page.getByRole('option', { name: '16:00' }).click();
      await dialog.getByTestId('visit-save').click();
      await page.locator(`[data-testid=column-measurement] ${card}`).waitFor();
      expect(((await api('GET', `/leads/${other.id}`)) as { status: string }).status).toBe('measurement');
    },
  );

  await step(
    () => current,
    'catalogue-autocomplete',
    async () => {
      await page.goto(`${stack.base}/admin/#/leads/${lead.id}`);
      await page.getByTestId('estimates-panel').getByRole('button').first().click();
      await page.waitForURL(/#\/estimates\/\d+$/);
      await page.getByRole('button', { name: 'Добавить строку' }).click();
      const name = page.locator('#line-0-0-name');
      await name.waitFor();
      await name.pressSequentially('укладка', { delay: 30 });
      await page.getByTestId('catalogue-option').filter({ hasText: 'Укладка ламината' }).waitFor();
      expect(await page.getByTestId('catalogue-option').count()).toBe(2);
      // Arrows move through the suggestions; Enter takes one and fills the unit and the price.
      await name.press('ArrowDown');
      await page.locator('[data-testid="catalogue-option"].Mui-focused').waitFor();
      await name.press('Enter');
      // The line takes the suggestion on the next render, which a loaded machine may show a moment later.
      await page
        .waitForFunction(() => (document.querySelector('#line-0-0-name') as HTMLInputElement | null)?.value === 'Укладка плитки', null, { timeout: 10_000 })
        .catch(() => {});
      expect(await name.inputValue()).toBe('Укладка плитки');
      expect(await page.locator('#line-0-0-unit').inputValue()).toBe('м²');
      expect(await page.locator('#line-0-0-unit_price').inputValue()).toBe('1800.00');
      await page.locator('#line-0-0-quantity').fill('10');
      // Enter with no suggestion open moves on: a new line, cursor in its name.
      await name.press('Enter');
      await page.locator('#line-0-1-name').waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('line-0-1-name');
      await page.keyboard.type('Демонтаж старой плитки');
      await page.locator('#line-0-1-quantity').fill('10');
      await page.locator('#line-0-1-unit_price').fill('300');
      await page.waitForFunction(() => document.querySelector('[data-testid=total-total]')?.textContent?.replace(/\D/g, '') === '2100000');
      await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
      await page.getByText('Смета сохранена').waitFor();
    },
  );
  const estimateId = Number(/estimates\/(\d+)$/.exec(page.url())![1]);
  const saved = (await api('GET', `/estimates/${estimateId}`)) as {
    sections: Array<{ lines: Array<{ name: string; catalogue_item_id: number | null; unit_price: string }> }>;
  };
  expect(saved.sections[0]!.lines.map((l) => [l.name, l.catalogue_item_id, l.unit_price])).toEqual([
    ['Укладка плитки', tiling.id, '1800.00'],
    ['Демонтаж старой плитки', null, '300.00'],
  ]);
}, 180_000);
