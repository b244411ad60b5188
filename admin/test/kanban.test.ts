import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { dragTo, launchBrowser, signIn, step } from '@crm/testing/admin-browser';
import { startStack, type Stack } from './stack.js';

let stack: Stack;
let launched: Awaited<ReturnType<typeof launchBrowser>>;
let browser: Browser;
let company: Awaited<ReturnType<Stack['company']>>;
let current: Page | undefined;

// 2,000 leads: volume for the board, so they are inserted in one statement rather than told as a story.
const COLUMNS = { new: 1200, qualified: 300, measurement: 200, estimate: 100, contract: 100, won: 60, lost: 40 } as const;

beforeAll(async () => {
  stack = await startStack({ name: 'admin-kanban' });
  launched = await launchBrowser();
  browser = launched.browser;
  company = await stack.company();
  const statuses = Object.entries(COLUMNS);
  for (const [status, count] of statuses) {
    await stack.harness.sequelize.query(
      `
      INSERT INTO leads (org_id, name, status, position, budget_amount, budget_currency, status_changed_at, source)
      SELECT :orgId, :prefix || ' ' || i, :status, i - 1,
        CASE WHEN i % 4 = 0 THEN 250.25 ELSE 1000.10 END, CASE WHEN i % 4 = 0 THEN 'USD' ELSE NULL END,
        -- Of the closed leads, the first two thirds closed this week and the rest three months ago.
        CASE WHEN i <= :recent THEN now() - interval '3 days' ELSE now() - interval '90 days' END, 'bulk'
      FROM generate_series(1, :count) i`,
      {
        replacements: {
          orgId: company.org.id,
          prefix: `Лид ${status}`,
          status,
          count,
          recent: status === 'won' || status === 'lost' ? Math.floor((count * 2) / 3) : count,
        },
      },
    );
  }
}, 180_000);

afterAll(async () => {
  await launched?.close();
  await stack?.close();
});

const board = (page: Page) => page.goto(`${stack.base}/admin/#/leads`);
const cards = (page: Page, status: string) => page.locator(`[data-testid=column-${status}] [data-testid^=lead-card-]`);
const digits = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]/g, '');
// The machine running these may be heavily loaded: waits are generous, never fixed sleeps.
const SLOW = 60_000;
const countIs = (page: Page, status: string, expected: number) =>
  page
    .getByTestId(`count-${status}`)
    .filter({ hasText: `(${expected})` })
    .waitFor({ timeout: SLOW });
const cardCount = (page: Page, status: string, expected: number) =>
  stack.waitFor(async () => (await cards(page, status).count()) === expected, SLOW, `${expected} cards in ${status}`);

describe('the Kanban with 2,000 leads (Chromium)', () => {
  it('counts and sums every column on the server, pages a column as it scrolls and shows recent closed leads by default', async () => {
    const { page, errors } = await signIn(browser, stack.base, { email: company.user.email, password: company.password }, 'Лиды по этапам');
    current = page;
    // new: 900 × 1000.10 RUB + 300 × 250.25 USD.
    const totals = await stack.api(company.token, 'GET', `/leads/totals?filter=${encodeURIComponent(JSON.stringify({ closed_within_days: 30 }))}`);
    expect(totals.find((t: { status: string }) => t.status === 'new')).toEqual({
      status: 'new',
      count: 1200,
      budgets: [
        { currency: 'RUB', amount: '900090.00' },
        { currency: 'USD', amount: '75075.00' },
      ],
    });
    expect(totals.find((t: { status: string }) => t.status === 'won').count).toBe(40);

    await step(
      () => current,
      'kanban-totals',
      async () => {
        await board(page);
        await countIs(page, 'new', 1200);
        for (const [status, count] of Object.entries(COLUMNS)) {
          const shown = status === 'won' || status === 'lost' ? Math.floor((count * 2) / 3) : count;
          await countIs(page, status, shown);
        }
        expect(digits(await page.getByTestId('total-new').textContent())).toContain('900090,00');
        expect(digits(await page.getByTestId('total-new').textContent())).toContain('75075,00');
      },
    );

    await step(
      () => current,
      'kanban-paging',
      async () => {
        await cardCount(page, 'new', 20);
        const body = page.getByTestId('column-body-new');
        for (const expected of [40, 60]) {
          await body.evaluate((el) => {
            el.scrollTop = el.scrollHeight;
          });
          await cardCount(page, 'new', expected);
        }
        const names = await cards(page, 'new').evaluateAll((els) => els.map((el) => el.querySelector('p')?.textContent ?? ''));
        expect(names).toEqual(Array.from({ length: 60 }, (_, i) => `Лид new ${i + 1}`));
        await page.getByTestId('column-more-new').filter({ hasText: '1140' }).waitFor({ timeout: SLOW });
      },
    );

    await step(
      () => current,
      'kanban-closed-window',
      async () => {
        await cardCount(page, 'won', 20);
        await page.getByTestId('all-closed').locator('input').check();
        await countIs(page, 'won', 60);
        await countIs(page, 'lost', 40);
        await page.getByTestId('all-closed').locator('input').uncheck();
        await countIs(page, 'won', 40);
      },
    );
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('shows a card another manager moves on a second page without a reload', async () => {
    const manager = await stack.api(company.token, 'POST', '/users', {
      name: 'Олег Менеджер',
      role: 'manager',
      email: `oleg-${Date.now()}@example.test`,
      password: 'manager-password-1',
    });
    const watcher = await signIn(browser, stack.base, { email: company.user.email, password: company.password }, 'Лиды по этапам');
    const mover = await signIn(browser, stack.base, { email: manager.email, password: 'manager-password-1' }, 'Лиды по этапам');
    const [lead] = await stack.api(
      company.token,
      'GET',
      `/leads?${new URLSearchParams({ filter: JSON.stringify({ status: 'new' }), sort: '["position","ASC"]', range: '[0,0]' })}`,
    );
    const card = `[data-testid=lead-card-${lead.id}]`;
    current = watcher.page;
    await step(
      () => current,
      'kanban-live',
      async () => {
        await board(watcher.page);
        await board(mover.page);
        await watcher.page.locator(`[data-testid=column-new] ${card}`).waitFor({ timeout: SLOW });
        await countIs(watcher.page, 'qualified', 300);
        current = mover.page;
        await mover.page.locator(`[data-testid=column-new] ${card}`).waitFor({ timeout: SLOW });
        await dragTo(mover.page, card, '[data-testid=column-qualified]');
        await stack.waitFor(async () => (await stack.api(company.token, 'GET', `/leads/${lead.id}`)).status === 'qualified', SLOW, 'the move saved');
        current = watcher.page;
        await watcher.page.locator(`[data-testid=column-qualified] ${card}`).waitFor({ timeout: SLOW });
        await countIs(watcher.page, 'qualified', 301);
        await countIs(watcher.page, 'new', 1199);
        expect(await watcher.page.locator(`[data-testid=column-new] ${card}`).count()).toBe(0);
      },
    );
    expect(watcher.errors).toEqual([]);
    expect(mover.errors).toEqual([]);
    await watcher.context.close();
    await mover.context.close();
  }, 180_000);

  it('pages the table of 2,000 leads without counting them all ("1-25 of more than 25")', async () => {
    const { page, errors } = await signIn(browser, stack.base, { email: company.user.email, password: company.password }, 'Лиды по этапам');
    current = page;
    await step(
      () => current,
      'leads-table-paging',
      async () => {
        await board(page);
        await page.getByRole('button', { name: 'Таблица' }).click();
        const range = page.locator('.MuiTablePagination-displayedRows');
        await range.filter({ hasText: /^1-25 из более 25$/ }).waitFor({ timeout: SLOW });
        const firstPage = await page.locator('tbody tr').first().innerText();
        await page.getByRole('button', { name: /next page|следующая/i }).click();
        await range.filter({ hasText: /^26-50 из более 50$/ }).waitFor({ timeout: SLOW });
        await stack.waitFor(async () => (await page.locator('tbody tr').first().innerText()) !== firstPage, SLOW, 'the second page shown');
        expect(await page.locator('tbody tr').count()).toBe(25);
        await page.getByRole('button', { name: /previous page|предыдущая/i }).click();
        await range.filter({ hasText: /^1-25 из более 25$/ }).waitFor({ timeout: SLOW });
      },
    );
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);
});
