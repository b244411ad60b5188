import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, step } from '@crm/testing/admin-browser';
import { startStack, type Stack } from './stack.js';

let stack: Stack;
let launched: Awaited<ReturnType<typeof launchBrowser>>;
let browser: Browser;
let current: Page | undefined;

beforeAll(async () => {
  stack = await startStack({ name: 'estimates-browser' });
  launched = await launchBrowser();
  browser = launched.browser;
}, 120_000);

afterAll(async () => {
  await launched?.close();
  await stack?.close();
});

const digits = (text: string | null) => (text ?? '').replace(/[^\d,.-]/g, '');

describe('estimate builder in Chromium', () => {
  it('builds an estimate from the lead page with the keyboard; totals follow as you type and are saved', async () => {
    const company = await stack.company();
    const lead = (await stack.api(company.token, 'POST', '/leads', { name: 'Смета Тестовая', source: 'site' })) as { id: number };
    const { page, errors } = await openPage(browser);
    current = page;
    await page.goto(`${stack.base}/admin/`);
    await page.locator('input[name=email]').fill(company.user.email);
    await page.locator('input[name=password]').fill(company.password);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/#\/$/);

    await step(
      () => current,
      'lead-estimates',
      async () => {
        await page.goto(`${stack.base}/admin/#/leads/${lead.id}`);
        await page.getByTestId('estimates-panel').getByText('Смет пока нет', { exact: false }).waitFor();
        await page.getByTestId('estimates-panel').getByRole('button').first().click();
        await page.waitForURL(/#\/estimates\/\d+$/);
      },
    );
    const estimateId = Number(/estimates\/(\d+)$/.exec(page.url())![1]);

    await step(
      () => current,
      'type-lines',
      async () => {
        await page.getByLabel('Длина, м').fill('4');
        await page.getByLabel('Ширина, м').fill('3');
        await page.getByRole('button', { name: 'Добавить строку' }).click();
        await page.locator('#line-0-0-name').waitFor();
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('line-0-0-name');
        await page.locator('#line-0-0-name').fill('Ламинат');
        await page.locator('#line-0-0-unit').fill('м²');
        await page.locator('#line-0-0-quantity').fill('12');
        await page.locator('#line-0-0-unit_price').fill('850');
        // Enter in the last line adds the next one and puts the cursor in its name.
        await page.locator('#line-0-0-unit_price').press('Enter');
        await page.locator('#line-0-1-name').waitFor();
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('line-0-1-name');
        await page.keyboard.type('Плинтус');
        await page.locator('#line-0-1-quantity').fill('14');
        await page.locator('#line-0-1-unit_price').fill('120,5');
        // 12 × 850 + 14 × 120.50 = 11 887.00, computed by the server's arithmetic while typing.
        await page.waitForFunction(() => document.querySelector('[data-testid=total-total]')?.textContent?.replace(/\D/g, '') === '1188700');
        expect(digits(await page.getByTestId('room-figures').textContent())).toContain('12.00');
        // Enter in a middle line moves down to the same field without adding a line.
        await page.locator('#line-0-0-quantity').press('Enter');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('line-0-1-quantity');
        expect(await page.getByTestId('estimate-line').count()).toBe(2);
      },
    );

    await step(
      () => current,
      'save',
      async () => {
        await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
        await page.getByText('Смета сохранена').waitFor();
      },
    );
    const saved = (await stack.api(company.token, 'GET', `/estimates/${estimateId}`)) as {
      total: string;
      sections: Array<{ floor_area: string; lines: Array<{ name: string; total: string }> }>;
    };
    expect(saved.total).toBe('11887.00');
    expect(saved.sections[0]!.floor_area).toBe('12.00');
    expect(saved.sections[0]!.lines.map((l) => [l.name, l.total])).toEqual([
      ['Ламинат', '10200.00'],
      ['Плинтус', '1687.00'],
    ]);

    await step(
      () => current,
      'reload',
      async () => {
        await page.reload();
        await page.locator('#line-0-1-name').waitFor();
        expect(await page.locator('#line-0-1-name').inputValue()).toBe('Плинтус');
        await page.goto(`${stack.base}/admin/#/leads/${lead.id}`);
        await page.getByTestId('estimate-row').first().waitFor();
        expect(digits(await page.getByTestId('estimate-row').first().textContent())).toContain('11887');
      },
    );
    expect(errors).toEqual([]);
  }, 180_000);
});
