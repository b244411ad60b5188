import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { CatalogueItem } from '@crm/database';
import { openPage, root, step } from '@crm/testing/admin-browser';
import { browserStackForFile } from './stack.js';

const env = browserStackForFile();

describe('price list in the back office (Chromium)', () => {
  it('starts empty with Import and Add, imports a Russian CSV through the preview, then searches, filters and adds an item', async () => {
    const { stack, company } = env;
    const { page, errors } = await openPage(env.browser, 'ru-RU');
    const current = page;
    await step(
      () => current,
      'sign-in',
      () => env.signIn(page),
    );
    await step(
      () => current,
      'empty state',
      async () => {
        await page.goto(`${stack.base}/admin/#/catalog-items`);
        await page.getByText('Прайс пуст.').waitFor({ timeout: 10_000 });
        await page.getByRole('link', { name: 'Добавить позицию' }).waitFor();
      },
    );
    await step(
      () => current,
      'import preview',
      async () => {
        await page.getByRole('button', { name: 'Импорт' }).click();
        await page.locator('input[type=file]').setInputFiles(path.join(root, 'api/test/fixtures/catalogue-ru.csv'));
        await page.getByText('Строк: 6; добавится 4, обновится 0, с ошибками 2').waitFor({ timeout: 10_000 });
        await page.getByText('is not a known unit (ведро)').waitFor();
        expect(await page.getByRole('button', { name: 'Импортировать', exact: true }).isDisabled()).toBe(true);
        await page.getByLabel('Импортировать без 2 строк с ошибками').check();
        await page.getByRole('button', { name: 'Импортировать', exact: true }).click();
        await page.getByText('Импорт завершён: добавлено 4, обновлено 0, пропущено 2').waitFor({ timeout: 10_000 });
      },
    );
    expect(await CatalogueItem.count({ where: { org_id: company.org.id } })).toBe(4);
    await step(
      () => current,
      'list',
      async () => {
        await page.getByText('Монтаж розетки').waitFor();
        await page
          .getByText(/8\s500,00\s₽/)
          .first()
          .waitFor();
        await page.getByPlaceholder('Поиск').fill('штукатурка');
        await page.getByText('Монтаж розетки').waitFor({ state: 'detached', timeout: 10_000 });
        await page.getByText('Штукатурка стен по маякам').waitFor();
      },
    );
    await step(
      () => current,
      'create',
      async () => {
        await page.goto(`${stack.base}/admin/#/catalog-items/create`);
        await page.locator('input[name=name]').fill('Укладка плитки');
        await page.locator('input[name=price]').fill('1 800,50');
        await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
        await page.waitForURL(/#\/catalog-items(\?|$)/, { timeout: 10_000 });
      },
    );
    const tiling = await CatalogueItem.findOne({ where: { org_id: company.org.id, name: 'Укладка плитки' } });
    expect(tiling).toMatchObject({ unit: 'm2', kind: 'work', price: '1800.50' });
    expect(errors).toEqual([]);
  }, 120_000);
});
