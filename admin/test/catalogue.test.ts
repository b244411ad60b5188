import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { CatalogueItem } from '@crm/database';
import { launchBrowser, openPage, root, step } from './browser.js';
import { startStack, type Stack } from './stack.js';

let stack: Stack;
let launched: Awaited<ReturnType<typeof launchBrowser>>;
let browser: Browser;
let company: Awaited<ReturnType<Stack['company']>>;

beforeAll(async () => {
  stack = await startStack();
  launched = await launchBrowser();
  browser = launched.browser;
  company = await stack.company();
}, 120_000);

afterAll(async () => {
  await launched?.close();
  await stack?.close();
});

describe('price list in the back office (Chromium)', () => {
  it('starts empty with Import and Add, imports a Russian CSV through the preview, then searches, filters and adds an item', async () => {
    const { page, errors } = await openPage(browser, 'ru-RU');
    const current = page;
    await step(() => current, 'sign-in', async () => {
      await page.goto(`${stack.base}/admin/`);
      await page.locator('input[name=email]').fill(company.user.email);
      await page.locator('input[name=password]').fill(company.password);
      await page.locator('button[type=submit]').click();
      await page.getByText('Лиды по этапам').waitFor({ timeout: 15_000 });
    });
    await step(() => current, 'empty state', async () => {
      await page.goto(`${stack.base}/admin/#/catalog-items`);
      await page.getByText('Прайс пуст.').waitFor({ timeout: 10_000 });
      await page.getByRole('link', { name: 'Добавить позицию' }).waitFor();
    });
    await step(() => current, 'import preview', async () => {
      await page.getByRole('button', { name: 'Импорт' }).click();
      await page.locator('input[type=file]').setInputFiles(path.join(root, 'api/test/fixtures/catalogue-ru.csv'));
      await page.getByText('Строк: 6; добавится 4, обновится 0, с ошибками 2').waitFor({ timeout: 10_000 });
      await page.getByText('is not a known unit (ведро)').waitFor();
      expect(await page.getByRole('button', { name: 'Импортировать', exact: true }).isDisabled()).toBe(true);
      await page.getByLabel('Импортировать без 2 строк с ошибками').check();
      await page.getByRole('button', { name: 'Импортировать', exact: true }).click();
      await page.getByText('Импорт завершён: добавлено 4, обновлено 0, пропущено 2').waitFor({ timeout: 10_000 });
    });
    expect(await CatalogueItem.count({ where: { org_id: company.org.id } })).toBe(4);
    await step(() => current, 'list', async () => {
      await page.getByText('Монтаж розетки').waitFor();
      await page.getByText(/8\s500,00\s₽/).first().waitFor();
      await page.getByPlaceholder('Поиск').fill('штукатурка');
      await page.getByText('Монтаж розетки').waitFor({ state: 'detached', timeout: 10_000 });
      await page.getByText('Штукатурка стен по маякам').waitFor();
    });
    await step(() => current, 'create', async () => {
      await page.goto(`${stack.base}/admin/#/catalog-items/create`);
      await page.locator('input[name=name]').fill('Укладка плитки');
      await page.locator('input[name=price]').fill('1 800,50');
      await page.getByRole('button', { name: 'Сохранить' }).click();
      await page.waitForURL(/#\/catalog-items(\?|$)/, { timeout: 10_000 });
    });
    const tiling = await CatalogueItem.findOne({ where: { org_id: company.org.id, name: 'Укладка плитки' } });
    expect(tiling).toMatchObject({ unit: 'm2', kind: 'work', price: '1800.50' });
    expect(errors).toEqual([]);
  }, 120_000);
});
