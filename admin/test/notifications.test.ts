import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { createLead } from '@crm/core';
import { launchBrowser, openPage, step } from '@crm/testing/admin-browser';
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

describe('notifications in the back office (Chromium)', () => {
  it('rings the bell with the unread count (also in the tab title), lists notifications and opens the right screen; a toast opens the conversation', async () => {
    const { page, errors } = await openPage(browser, 'ru-RU');
    const current = page;
    await step(
      () => current,
      'sign-in',
      async () => {
        await page.goto(`${stack.base}/admin/`);
        await page.locator('input[name=email]').fill(company.user.email);
        await page.locator('input[name=password]').fill(company.password);
        await page.locator('button[type=submit]').click();
        await page.getByText('Лиды по этапам').waitFor({ timeout: 15_000 });
      },
    );
    const bell = page.getByTestId('notification-bell');
    expect(await bell.getAttribute('data-count')).toBe('0');
    expect(await page.title()).not.toMatch(/^\(\d+\)/);

    // A person writes to the bot while the manager is on the dashboard: the toast opens the conversation.
    const person = stack.telegramUser({ first_name: 'Вероника' });
    await step(
      () => current,
      'message toast',
      async () => {
        await stack.personWrites(company.botToken, person, 'Добрый день, нужен ремонт кухни');
        const toast = page.getByTestId('event-toast').filter({ hasText: 'Вероника' });
        await toast.waitFor({ timeout: 10_000 });
        await toast.getByRole('button', { name: 'Открыть' }).click();
        await page.waitForURL(/#\/chat\?c=lead-\d+/, { timeout: 10_000 });
        await page.getByTestId('thread').getByText('Добрый день, нужен ремонт кухни').waitFor();
      },
    );

    // A reply Telegram refuses (the person blocked the bot) becomes a notification for whoever wrote it.
    const lead = await createLead(stack.harness.sequelize, {
      org_id: company.org.id,
      name: 'Пётр Недоступный',
      telegram_id: 940_000_001,
      chat_id: 940_000_001,
      source: 'telegram',
    });
    stack.harness.fake.failChat(940_000_001, { kind: 'blocked' });
    await page.goto(`${stack.base}/admin/#/`);
    await page.getByText('Лиды по этапам').waitFor();
    await step(
      () => current,
      'bell',
      async () => {
        await stack.api(company.token, 'POST', `/chats/lead-${lead.id}/messages`, { text: 'Когда удобно созвониться?' });
        await page.locator('[data-testid=notification-bell][data-count="1"]').waitFor({ timeout: 15_000 });
        await page.waitForFunction(() => document.title.startsWith('(1) '), undefined, { timeout: 5_000 });
        await bell.click();
        const item = page.getByTestId('notification-list').getByRole('button').filter({ hasText: 'Сообщение не доставлено: Пётр Недоступный' });
        await item.waitFor({ timeout: 5_000 });
        expect(await item.getAttribute('data-unread')).toBe('true');
        await item.click();
        await page.waitForURL(new RegExp(`#/chat\\?c=lead-${lead.id}$`), { timeout: 10_000 });
        await page.getByTestId('thread').getByText('Когда удобно созвониться?').waitFor();
        await page.locator('[data-testid=notification-bell][data-count="0"]').waitFor({ timeout: 5_000 });
        await page.waitForFunction(() => !/^\(\d+\)/.test(document.title), undefined, { timeout: 5_000 });
      },
    );
    const unread = await stack.api(company.token, 'GET', '/notifications/unread-count');
    expect(unread).toEqual({ count: 0 });
    stack.harness.fake.clearFaults();
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
