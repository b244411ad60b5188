import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, step } from '@crm/testing/admin-browser';
import { registeredRoutes } from './routes.js';
import { startStack, type Stack } from './stack.js';

// A phone (390×844) and a laptop (1366×768), one stack and one browser for the file.
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 768 };
const PASSWORD = 'phone office secret 1';
const SLOW = 60_000;

let stack: Stack;
let launched: Awaited<ReturnType<typeof launchBrowser>>;
let browser: Browser;
let current: Page | undefined;
const account = { email: `phone-${Date.now()}@example.test`, password: PASSWORD, token: '', orgId: 0 };

beforeAll(async () => {
  stack = await startStack({ name: 'admin-phone' });
  launched = await launchBrowser();
  browser = launched.browser;
}, 120_000);
afterAll(async () => {
  await launched?.close();
  await stack?.close();
});

const api = (method: string, url: string, body?: unknown) => stack.api(account.token, method, url, body);
const dashboardReady = (page: Page) =>
  page
    .getByText(/Leads per stage|Лиды по этапам/)
    .first()
    .waitFor({ timeout: SLOW });

/** Waits until the page has drawn its content: something in the main area and nothing loading (bars of figures may stay). */
async function settled(page: Page) {
  await page.waitForFunction(
    () => {
      const main = document.querySelector('#main-content') ?? document.querySelector('#root');
      const busy = document.querySelectorAll('.MuiCircularProgress-indeterminate, .MuiLinearProgress-indeterminate, .MuiSkeleton-root').length;
      return Boolean(main && (main.textContent ?? '').trim().length > 0 && busy === 0);
    },
    undefined,
    { timeout: SLOW },
  );
}

/** The page's width against the window's, with what sticks out when it is wider. */
const widths = (page: Page) =>
  page.evaluate(() => {
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${String((el as HTMLElement).className)
            .split(' ')
            .slice(0, 3)
            .join('.')}`,
      );
    return { scroll: document.documentElement.scrollWidth, inner: window.innerWidth, wide };
  });

describe('the back office on a phone (Chromium, 390×844)', () => {
  it('signs up and every route of the back office fits the screen without scrolling sideways', async () => {
    const { page, errors } = await openPage(browser, 'en-US', PHONE);
    current = page;
    await step(
      () => current,
      'phone-sign-up',
      async () => {
        await page.goto(`${stack.base}/admin/#/sign-up`);
        await page.locator('input[name=organization]').fill('Phone Remont');
        await page.locator('input[name=name]').fill('Pavel Phone');
        await page.locator('input[name=email]').fill(account.email);
        await page.locator('input[name=password]').fill(PASSWORD);
        expect((await widths(page)).scroll).toBeLessThanOrEqual(PHONE.width);
        await page.locator('button[type=submit]').click();
        await dashboardReady(page);
      },
    );
    account.token = (await page.evaluate(() => localStorage.getItem('crm.token')))!;
    account.orgId = (await api('GET', '/auth/me')).organization.id;

    // A few records of every kind, so lists, cards and forms have something to show.
    const lead = await api('POST', '/leads', { name: 'Анастасия Длиннофамильная-Пересветова', phone: '+79001234567', budget_amount: '1250000', source: 'bot' });
    await api('POST', '/leads', { name: 'Second lead', status: 'qualified', source: 'site' });
    const project = await api('POST', '/projects', {
      name: 'Квартира на Большой Пушкарской улице, 3-комнатная',
      address: 'Санкт-Петербург, Большая Пушкарская ул., д. 10, кв. 42',
      budget_total: '2400000',
    });
    const transaction = await api('POST', '/transactions', {
      project_id: project.id,
      type: 'expense',
      amount: '15430.50',
      category: 'materials',
      description: 'Керамогранит и затирка для санузла',
    });
    const item = await api('POST', '/catalog-items', { name: 'Укладка керамогранита на пол', kind: 'work', unit: 'm2', price: '1800', category: 'Плитка' });
    const user = await api('POST', '/users', { name: 'Worker Wide-Name', role: 'worker', phone: '+79005554433' });
    const estimate = await api('POST', '/estimates', { lead_id: lead.id });
    const ids: Record<string, number> = {
      leads: lead.id,
      projects: project.id,
      transactions: transaction.id,
      'catalog-items': item.id,
      users: user.id,
      estimates: estimate.id,
    };

    const { resources, customRoutes } = registeredRoutes();
    const paths: string[] = ['/'];
    for (const resource of resources) {
      if (!resource.views.length) continue; // reached only through other screens' calls
      const id = ids[resource.name];
      if ((resource.views.includes('edit') || resource.views.includes('show')) && !id)
        throw new Error(`no record to open for resource ${resource.name}: add one above`);
      for (const view of resource.views)
        paths.push(
          view === 'list'
            ? `/${resource.name}`
            : view === 'create'
              ? `/${resource.name}/create`
              : view === 'edit'
                ? `/${resource.name}/${id}`
                : `/${resource.name}/${id}/show`,
        );
    }
    // The chat page has a layout of its own for phones, tested with it.
    const OWN_PHONE_TEST = ['/chat'];
    paths.push(...customRoutes.filter((route) => !OWN_PHONE_TEST.includes(route) && route !== '/sign-up'));
    expect(resources.filter((r) => r.views.length).map((r) => r.name)).toEqual(
      expect.arrayContaining(['leads', 'projects', 'transactions', 'catalog-items', 'estimates', 'users']),
    );
    expect(paths).toEqual(expect.arrayContaining(['/profile', '/settings', '/leads', '/leads/create']));

    // The leads page shows the board by default; its table view has a route too.
    await page.evaluate(() => localStorage.removeItem('RaStore.leads.view'));
    const overflowing: string[] = [];
    for (const route of paths) {
      await step(
        () => current,
        `phone-route-${route}`,
        async () => {
          await page.goto(`${stack.base}/admin/#${route}`);
          await settled(page);
          const { scroll, inner, wide } = await widths(page);
          if (scroll > inner) overflowing.push(`${route}: ${scroll} > ${inner} (${wide.join(', ')})`);
        },
      );
    }
    // The table view of leads on a phone, and the menu in its drawer.
    await page.goto(`${stack.base}/admin/#/leads`);
    await page.getByRole('button', { name: /Table|Таблица/ }).click();
    await settled(page);
    await page.getByText('Анастасия Длиннофамильная-Пересветова').waitFor({ timeout: SLOW });
    const table = await widths(page);
    if (table.scroll > table.inner) overflowing.push(`/leads (table): ${table.scroll} > ${table.inner} (${table.wide.join(', ')})`);
    await page.getByRole('button', { name: /Board|Канбан|Доска/ }).click();
    expect(overflowing).toEqual([]);

    await page
      .getByLabel(/Open menu|Открыть меню|Toggle|menu/i)
      .first()
      .click();
    await page
      .locator('.MuiDrawer-paper')
      .getByText(/My profile|Мой профиль/)
      .click();
    await page.locator('input[name=name]').waitFor();
    expect(errors.filter((e) => !/401|Failed to load resource/.test(e))).toEqual([]);
  }, 300_000);

  it('shows one Kanban column at a time with a switcher, and moves a card with its Move to menu', async () => {
    const page = current!;
    const lead = await api('POST', '/leads', { name: 'Mover Lead', source: 'bot' });
    await step(
      () => current,
      'phone-kanban',
      async () => {
        await page.goto(`${stack.base}/admin/#/leads`);
        await page.reload();
        await page.getByTestId('status-switcher').waitFor({ timeout: SLOW });
        await page.getByTestId(`lead-card-${lead.id}`).waitFor({ timeout: SLOW });
        // One column on screen.
        expect(await page.locator('[data-testid^=column-body-]').count()).toBe(1);
        // The column and its cards fit the screen (nothing cut off at the right edge).
        const column = (await page.getByTestId('column-new').boundingBox())!;
        expect(column.x + column.width).toBeLessThanOrEqual(PHONE.width);
        await expect(page.getByTestId('status-tab-new').textContent()).resolves.toMatch(/\(2\)/);
        // (Measurement asks for a visit booking first, covered by the visits test; Estimate moves at once.)
        await page.getByTestId(`move-${lead.id}`).click();
        await page.getByTestId('move-to-estimate').click();
        await page.getByTestId(`lead-card-${lead.id}`).waitFor({ state: 'detached', timeout: SLOW });
        await stack.waitFor(async () => (await api('GET', `/leads/${lead.id}`)).status === 'estimate', SLOW, 'the lead moved on the server');
        await page.getByTestId('status-tab-estimate').filter({ hasText: '(1)' }).waitFor({ timeout: SLOW });
        await page.getByTestId('status-tab-estimate').click();
        await page.getByTestId(`lead-card-${lead.id}`).waitFor({ timeout: SLOW });
        expect(await page.locator('[data-testid^=column-body-]').count()).toBe(1);
        await expect(page.getByTestId('column-estimate').isVisible()).resolves.toBe(true);
        expect((await widths(page)).scroll).toBeLessThanOrEqual(PHONE.width);
      },
    );
  }, 120_000);

  it('keeps the profile: language applied and stored, password changed with the current one; Settings edits the AI cap and categories, has no Delete and shows the bot once connected', async () => {
    const page = current!;
    await step(
      () => current,
      'phone-profile',
      async () => {
        await page.goto(`${stack.base}/admin/#/profile`);
        await page.getByTestId('profile-locale').locator('..').click();
        await page.getByRole('option', { name: 'Русский' }).click();
        await page.getByTestId('profile-save').click();
        // The notice comes once the server has answered, in the language just chosen (the page may already
        // be in Russian by the firm's language; at phone width the first "Мой профиль" can be a hidden title).
        await page.getByText('Профиль сохранён').first().waitFor({ timeout: SLOW });
        expect((await api('GET', '/profile')).locale).toBe('ru');

        await page.locator('input[name=password_current]').fill('not my password');
        await page.locator('input[name=password_next]').fill('a new phone secret 2');
        await page.locator('input[name=password_repeat]').fill('a new phone secret 2');
        await page.getByTestId('change-password').click();
        await page.getByText(/Текущий пароль — не совпадает/).waitFor({ timeout: SLOW });
        await page.locator('input[name=password_current]').fill(PASSWORD);
        await page.getByTestId('change-password').click();
        await page.getByText('Пароль изменён. Другие сеансы завершены.').waitFor({ timeout: SLOW });
        account.password = 'a new phone secret 2';
        account.token = (await page.evaluate(() => localStorage.getItem('crm.token')))!;
        // This session goes on with its fresh token.
        await page.reload();
        await page.getByText('Мой профиль').first().waitFor({ timeout: SLOW });
      },
    );

    await step(
      () => current,
      'phone-settings',
      async () => {
        await page.goto(`${stack.base}/admin/#/settings`);
        await page.locator('input[name=ai_daily_cap_usd]').waitFor({ timeout: SLOW });
        expect(await page.getByRole('button', { name: /Delete|Удалить/ }).count()).toBe(0);
        await page.locator('input[name=ai_daily_cap_usd]').fill('2.50');
        const categories = page.getByLabel(/Категории расходов|Expense categories/);
        await categories.fill('плитка');
        await categories.press('Enter');
        const token = `${200_000_000 + Math.floor(Math.random() * 99_999_999)}:AA${'x'.repeat(32)}`;
        await page.locator('input[name=bot_token]').fill(token);
        await page
          .locator('button[type=submit]')
          .filter({ hasText: /Save|Сохранить/ })
          .click();
        const username = stack.harness.fake.bot(token).username;
        await page
          .getByTestId('bot-status')
          .filter({ hasText: `@${username}` })
          .waitFor({ timeout: SLOW });
        const org = await api('GET', `/organizations/${account.orgId}`);
        expect(org.ai_daily_cap_usd).toMatch(/^2\.50*$/);
        expect(org.expense_categories).toContain('плитка');
        expect((await widths(page)).scroll).toBeLessThanOrEqual(PHONE.width);
      },
    );
  }, 120_000);
});

describe('the back office on a laptop (Chromium, 1366×768)', () => {
  it('still shows every Kanban column side by side', async () => {
    const { page } = await openPage(browser, 'en-US', LAPTOP);
    current = page;
    await step(
      () => current,
      'laptop-kanban',
      async () => {
        await page.goto(`${stack.base}/admin/`);
        await page.locator('input[name=email]').fill(account.email);
        await page.locator('input[name=password]').fill(account.password);
        await page.locator('button[type=submit]').click();
        await dashboardReady(page);
        await page.goto(`${stack.base}/admin/#/leads`);
        await page.getByTestId('column-body-lost').waitFor({ timeout: SLOW });
        expect(await page.locator('[data-testid^=column-body-]').count()).toBe(7);
        for (const status of ['new', 'lost']) expect(await page.getByTestId(`column-${status}`).isVisible()).toBe(true);
        expect(await page.getByTestId('status-switcher').count()).toBe(0);
        expect(await page.locator('[data-testid^=move-]').count()).toBe(0);
        expect((await widths(page)).scroll).toBeLessThanOrEqual(LAPTOP.width);
      },
    );
  }, 120_000);
});
