// Moving over from amoCRM: a manager of a new company imports an amoCRM deals export into the empty
// board through the preview, sees duplicates and bad rows explained, imports with progress, and
// exports the table back as a CSV that Russian Excel opens.
import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { Lead } from '@crm/database';
import { openPage, root, step } from '@crm/testing/admin-browser';
import { browserStackForFile } from './stack.js';

const env = browserStackForFile();

describe('lead import and export in the back office (Chromium)', () => {
  it('imports an amoCRM export from the empty board and exports the table for Excel', async () => {
    const { stack, company } = env;
    const { page, errors } = await openPage(env.browser, 'ru-RU');
    const current = page;
    // The company's manager, who is "Ответственный" in the export.
    const manager = await fetch(`${stack.base}/api/users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${company.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Ольга Смирнова', role: 'manager', email: `olga-${company.org.id}@example.test`, password: 'correct horse battery' }),
    });
    expect(manager.status).toBe(201);
    await step(
      () => current,
      'sign-in',
      () => env.signIn(page),
    );
    await step(
      () => current,
      'empty board offers the import',
      async () => {
        await page.goto(`${stack.base}/admin/#/leads`);
        await page.getByRole('button', { name: 'Импорт из amoCRM / Битрикс24' }).last().click();
      },
    );
    await step(
      () => current,
      'preview',
      async () => {
        await page.locator('input[type=file]').setInputFiles(path.join(root, 'api/test/fixtures/amocrm-deals.csv'));
        await page.getByText('Строк: 6; новых лидов 4, дополнится 0, пропущено дублей 1, с ошибками 1').waitFor({ timeout: 10_000 });
        await page.getByText('повтор строки 2').waitFor();
        await page.getByText('is not a phone number (12)').waitFor();
        await page.getByText(/no active manager named "Пётр Неизвестный"/).waitFor();
        expect(await page.getByRole('button', { name: 'Импортировать', exact: true }).isDisabled()).toBe(true);
      },
    );
    await step(
      () => current,
      'duplicate mode re-reads the file',
      async () => {
        await page.getByRole('combobox', { name: /Если лид с таким телефоном уже есть/ }).click();
        await page.getByRole('option', { name: 'всё равно создать нового' }).click();
        await page.getByText('Строк: 6; новых лидов 5, дополнится 0, пропущено дублей 0, с ошибками 1').waitFor({ timeout: 10_000 });
        await page.getByRole('combobox', { name: /Если лид с таким телефоном уже есть/ }).click();
        await page.getByRole('option', { name: 'пропустить строку' }).click();
        await page.getByText('Строк: 6; новых лидов 4, дополнится 0, пропущено дублей 1, с ошибками 1').waitFor({ timeout: 10_000 });
      },
    );
    await step(
      () => current,
      'import',
      async () => {
        await page.getByLabel('Импортировать без 1 строк с ошибками').check();
        await page.getByRole('button', { name: 'Импортировать', exact: true }).click();
        await page.getByText('Импорт завершён: новых лидов 4, дополнено 0, пропущено дублей 1, строк с ошибками 1').waitFor({ timeout: 15_000 });
        await page.getByText('Мария Иванова').waitFor({ timeout: 10_000 });
      },
    );
    const leads = await Lead.findAll({ where: { org_id: company.org.id }, order: [['id', 'ASC']] });
    expect(leads.map((l) => `${l.name} ${l.phone} ${l.status}`)).toEqual([
      'Иван Петров +79161234567 new',
      'Мария Иванова +79265554433 qualified',
      'Сергей Козлов +79031112233 won',
      'Дмитрий Орлов +79990001122 new',
    ]);
    await step(
      () => current,
      'export the table',
      async () => {
        await page.getByRole('button', { name: 'Таблица' }).click();
        await page.getByText('Сергей Козлов').waitFor({ timeout: 10_000 });
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV' }).click()]);
        expect(download.suggestedFilename()).toMatch(/^lidy-\d{4}-\d{2}-\d{2}\.csv$/);
        const text = await readFile((await download.path())!, 'utf8');
        expect(text.startsWith('\uFEFFID;Имя;Телефон;')).toBe(true);
        expect(text).toContain(';Иван Петров;+79161234567;;Новый;import;Ольга Смирнова;150000,50;RUB;');
        expect(text.trim().split('\r\n')).toHaveLength(5);
      },
    );
    expect(errors).toEqual([]);
  }, 150_000);
});
