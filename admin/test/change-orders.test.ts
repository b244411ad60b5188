import { describe, expect, it } from '@jest/globals';
import { signIn, step } from '@crm/testing/admin-browser';
import { browserStackForFile } from './stack.js';
import { approveEstimateForProject } from '@crm/testing/change-order-fixtures';

const ctx = browserStackForFile();
const digits = (text: string | null) => (text ?? '').replace(/[^\d-]/g, '');

describe('a change order built from the approved estimate in the back office (Chromium)', () => {
  it('edits a quantity, removes a line and adds one; the API computes the delta live; saved with its lines and approved once', async () => {
    const { stack, company, browser } = ctx;
    const project = (await stack.api(company.token, 'POST', '/projects', { name: 'Тверская 7', address: 'Тверская 7' })) as { id: number };
    const { stages } = await approveEstimateForProject((method, url, body) => stack.api(company.token, method, url, body), project.id, {
      title: 'Квартира',
      vat_rate: '20',
      sections: [
        {
          name: 'Кухня',
          lines: [
            { name: 'Плитка', unit: 'м²', quantity: '10', unit_price: '1500' },
            { name: 'Розетки', unit: 'шт', quantity: '6', unit_price: '450' },
          ],
        },
        { name: 'Ванная', lines: [{ name: 'Ванна', unit: 'шт', quantity: '1', unit_price: '8000' }] },
      ],
    });
    const { page, errors } = await signIn(browser, stack.base, { email: company.user.email, password: company.password }, 'Лиды по этапам');
    page.setDefaultTimeout(15_000);
    await page.goto(`${stack.base}/admin/#/projects/${project.id}/show/change-requests`);

    await step(
      () => page,
      'open the dialog',
      async () => {
        await page.getByRole('button', { name: 'Допработы по смете' }).click();
        await page.getByTestId('contract-line').first().waitFor({ timeout: 15_000 });
        expect(await page.getByTestId('contract-line').count()).toBe(3);
      },
    );

    await step(
      () => page,
      'type the changes',
      async () => {
        await page.getByLabel('Плитка Кол-во').fill('12');
        // +2 m² × 1500 = 3000 at estimate prices, VAT 20% on top: 3600, computed by the server.
        await page.waitForFunction(() => document.querySelector('[data-testid=change-order-amount]')?.textContent?.replace(/[^\d-]/g, '') === '360000');
        await page.getByLabel('Убрать Розетки').check();
        await page.waitForFunction(() => document.querySelector('[data-testid=change-order-amount]')?.textContent?.replace(/[^\d-]/g, '') === '36000');
        await page.getByRole('button', { name: 'Добавить строку' }).last().click();
        await page.getByTestId('added-line').getByRole('combobox').fill('Полотенцесушитель');
        await page.getByTestId('added-line').getByLabel('Цена').fill('4500');
        // 3000 − 2700 + 4500 = 4800 × 1.2 = 5760
        await page.waitForFunction(() => document.querySelector('[data-testid=change-order-amount]')?.textContent?.replace(/[^\d-]/g, '') === '576000');
        expect((await page.getByTestId('line-delta').allTextContents()).map(digits).filter(Boolean)).toEqual(['300000', '-270000', '450000']);
        await page.locator('input[name=title]').fill('Кухня и ванная');
        await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
        await page.getByTestId('change-request-line').first().waitFor();
      },
    );

    const [saved] = (await stack.api(
      company.token,
      'GET',
      `/change-requests?filter=${encodeURIComponent(JSON.stringify({ project_id: project.id }))}`,
    )) as Array<{ id: number; amount: string; lines: Array<{ action: string; name: string; delta: string }> }>;
    expect(saved!.amount).toBe('5760.00');
    expect(saved!.lines.map((l) => [l.action, l.name, l.delta])).toEqual([
      ['change', 'Плитка', '3000.00'],
      ['remove', 'Розетки', '-2700.00'],
      ['add', 'Полотенцесушитель', '4500.00'],
    ]);
    expect(await page.getByTestId('change-request-line').count()).toBe(3);

    await step(
      () => page,
      'record the approval',
      async () => {
        await page.getByRole('button', { name: 'Клиент одобрил' }).click();
        await page.getByText('Согласовано', { exact: false }).first().waitFor();
      },
    );
    const planned = (await stack.api(company.token, 'GET', `/stages?filter=${encodeURIComponent(JSON.stringify({ project_id: project.id }))}`)) as Array<{
      id: number;
      budget_planned: string;
    }>;
    const byId = Object.fromEntries(planned.map((s) => [s.id, s.budget_planned]));
    // Kitchen: 18000 + 2700 → 18000 (tiles 18000, no sockets) × 1.2 = 21600; Bath: 8000 + 4500 = 12500 × 1.2 = 15000.
    expect([byId[stages['Кухня']!], byId[stages['Ванная']!]]).toEqual(['21600.00', '15000.00']);
    const summary = (await stack.api(company.token, 'GET', `/projects/${project.id}/summary`)) as {
      money: { contract_total: string; change_orders_approved: string };
    };
    expect(summary.money).toMatchObject({ contract_total: '36600.00', change_orders_approved: '5760.00' });
    expect(errors).toEqual([]);
  }, 120_000);
});
