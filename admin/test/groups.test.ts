import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { User } from '@crm/database';
import { launchBrowser, signIn, step } from '@crm/testing/admin-browser';
import { startStack, type Stack } from './stack.js';

let stack: Stack;
let launched: Awaited<ReturnType<typeof launchBrowser>>;
let browser: Browser;
let company: Awaited<ReturnType<Stack['company']>>;

beforeAll(async () => {
  stack = await startStack({ name: 'admin-groups' });
  launched = await launchBrowser();
  browser = launched.browser;
  company = await stack.company();
}, 180_000);

afterAll(async () => {
  await launched?.close();
  await stack?.close();
});

describe('a project’s Telegram group in the back office (Chromium)', () => {
  it('shows a one-time /link command, sees the group linked from Telegram, opens its conversation and unlinks it', async () => {
    const staff = stack.telegramUser({ first_name: 'Анна' });
    await User.update({ telegram_id: staff.id }, { where: { id: company.user.id } });
    const project = await stack.api(company.token, 'POST', '/projects', { name: 'Ленина 5, кв. 12', address: 'Ленина 5' });
    const { page, errors } = await signIn(browser, stack.base, { email: company.user.email, password: company.password }, 'Лиды по этапам');

    await page.goto(`${stack.base}/admin/#/projects/${project.id}/show`);
    const panel = page.getByTestId('telegram-group-panel');
    const command = await step(
      () => page,
      'link dialog',
      async () => {
        await panel.getByText('Группа Telegram ещё не привязана').waitFor({ timeout: 15_000 });
        await panel.getByRole('button', { name: 'Привязать группу Telegram' }).click();
        await page.getByText('Как привязать группу').waitFor();
        await page.getByText(`@${stack.harness.fake.bot(company.botToken).username}`).waitFor();
        return page.getByTestId('group-link-command').inputValue();
      },
    );
    expect(command).toMatch(/^\/link G[A-Z2-9]{9}$/);

    // The manager sends the command in the group from their Telegram.
    const group = { id: -1_009_000_000_000 - process.pid, title: 'Ремонт Ленина 5' };
    await stack.deliver(company.botToken, stack.updates.group(staff, group, command));
    await stack.deliver(company.botToken, stack.updates.group(stack.telegramUser({ first_name: 'Павел' }), group, 'Плитку привезли'));
    await step(
      () => page,
      'linked',
      async () => {
        await page.getByRole('button', { name: 'Закрыть' }).click();
        await panel.getByText('Привязана группа: Ремонт Ленина 5').waitFor({ timeout: 10_000 });
      },
    );

    await step(
      () => page,
      'group conversation',
      async () => {
        await panel.getByRole('link', { name: 'Открыть переписку' }).click();
        await page.waitForURL(/#\/chat\?c=group-\d+/);
        await page.getByTestId('thread').getByText('Плитку привезли').waitFor({ timeout: 10_000 });
        await page.getByTestId('thread').getByText('Павел').first().waitFor();
        await page.getByTestId('group-card').getByText('Ленина 5, кв. 12').first().waitFor();
      },
    );

    await page.goto(`${stack.base}/admin/#/projects/${project.id}/show`);
    await step(
      () => page,
      'unlink',
      async () => {
        await panel.getByRole('button', { name: 'Отвязать' }).click();
        await page
          .getByRole('dialog')
          .getByRole('button', { name: /Подтвердить|Confirm/ })
          .click();
        await panel.getByText('Группа Telegram ещё не привязана').waitFor({ timeout: 10_000 });
      },
    );
    expect(errors).toEqual([]);
  }, 120_000);
});
