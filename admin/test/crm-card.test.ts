import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { dragTo, launchBrowser, openPage, step } from '@crm/testing/admin-browser';
import { startStack, waitFor, type Stack } from './stack.js';

let stack: Stack;
let launched: Awaited<ReturnType<typeof launchBrowser>>;
let browser: Browser;
let current: Page | undefined;
const SLOW = 60_000;
let email = '';

beforeAll(async () => {
  stack = await startStack({ name: 'admin-crm-card' });
  launched = await launchBrowser();
  browser = launched.browser;
}, 120_000);
afterAll(async () => {
  await launched?.close();
  await stack?.close();
});

/** The organization's wall clock now (the default zone of a new company is Europe/Moscow), as a datetime-local input takes it. */
const moscowNow = () =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    .format(new Date())
    .replace(' ', 'T');

describe('the lead card as a CRM card (Chromium, 1366×768 and 390×844)', () => {
  it('signs up, adds a task and sees its reminder, logs a call, reads the timeline, loses the lead with a reason and renames a stage', async () => {
    const { page, errors } = await openPage(browser, 'ru-RU', { width: 1366, height: 768 });
    current = page;
    let leadId = 0;

    // Sign-up through the api (the registration the sign-up page calls); then the back office as that admin.
    const company = await stack.company();
    email = company.user.email;
    await step(
      () => current,
      'crm-sign-in',
      async () => {
        await page.goto(`${stack.base}/admin/`);
        await page.locator('input[name=email]').fill(email);
        await page.locator('input[name=password]').fill(company.password);
        await page.locator('button[type=submit]').click();
        await page.getByText('Лиды по этапам').first().waitFor({ timeout: SLOW });
      },
    );

    await step(
      () => current,
      'crm-new-lead',
      async () => {
        await page.goto(`${stack.base}/admin/#/leads/create`);
        await page.locator('input[name=name]').fill('Иван Петров');
        await page.locator('input[name=phone]').fill('8 900 123-45-67');
        await page.getByRole('button', { name: /Сохранить/ }).click();
        const card = page.locator('[data-testid^=lead-card-]').filter({ hasText: 'Иван Петров' });
        await card.waitFor({ timeout: SLOW });
        leadId = Number((await card.getAttribute('data-testid'))!.replace('lead-card-', ''));
        await card.click();
        await page.getByTestId('lead-crm-card').waitFor({ timeout: SLOW });
      },
    );

    await step(
      () => current,
      'crm-task-reminder',
      async () => {
        await page.getByText('Задач пока нет').waitFor({ timeout: SLOW });
        await page.getByTestId('add-task').click();
        await page.getByTestId('task-title').fill('Перезвонить по смете');
        await page.getByTestId('task-due').fill(moscowNow());
        await page.getByTestId('task-save').click();
        await page.locator('[data-testid=lead-tasks] [data-testid^=task-]').filter({ hasText: 'Перезвонить по смете' }).first().waitFor({ timeout: SLOW });
        // Due now: the jobs process reminds at once, the back office hears it live (toast and bell).
        await page.getByText('⏰ Задача: Перезвонить по смете').first().waitFor({ timeout: SLOW });
        await page.locator('[data-testid=notification-bell][data-count="1"]').waitFor({ timeout: SLOW });
        await page.getByTestId('timeline-task_created').waitFor({ timeout: SLOW });
      },
    );

    await step(
      () => current,
      'crm-log-call',
      async () => {
        await page.getByTestId('log-call').click();
        await page.getByRole('combobox', { name: 'Итог' }).click();
        await page.getByRole('option', { name: 'Не ответил' }).click();
        await page.getByTestId('call-note').fill('Не взял трубку, перезвонить вечером');
        await page.getByTestId('call-save').click();
        const call = page.getByTestId('timeline-call');
        await call.waitFor({ timeout: SLOW });
        expect(await call.innerText()).toContain('Не ответил');
        expect(await call.innerText()).toContain('Не взял трубку, перезвонить вечером');
        // Newest first: the call above the task.
        const kinds = await page.locator('[data-testid^=timeline-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
        expect(kinds.indexOf('timeline-call')).toBeLessThan(kinds.indexOf('timeline-task_created'));
      },
    );

    await step(
      () => current,
      'crm-lost-on-board',
      async () => {
        await page.goto(`${stack.base}/admin/#/leads`);
        const card = `[data-testid=lead-card-${leadId}]`;
        await page.locator(card).waitFor({ timeout: SLOW });
        await dragTo(page, card, '[data-testid=column-body-lost]');
        await page.getByTestId('lost-dialog').waitFor({ timeout: SLOW });
        expect(await page.getByTestId('lost-confirm').isDisabled()).toBe(true);
        await page.getByTestId('lost-reason').click();
        await page.getByRole('option', { name: 'Дорого' }).click();
        await page.getByTestId('lost-confirm').click();
        await page.locator(`[data-testid=column-lost] ${card}`).waitFor({ timeout: SLOW });
        // The board shows the move at once; the server's answer follows.
        const stored = async () =>
          (await stack.harness.sequelize.query(`SELECT status, lost_reason FROM leads WHERE id = ${leadId}`, { plain: true })) as {
            status: string;
            lost_reason: string;
          };
        await waitFor(async () => (await stored()).status === 'lost', SLOW, 'the move to Lost saved');
        expect(await stored()).toEqual({ status: 'lost', lost_reason: 'Дорого' });
        await page.locator(card).click();
        const moved = page.getByTestId('timeline-status');
        await moved.waitFor({ timeout: SLOW });
        expect(await moved.innerText()).toContain('Причина: Дорого');
        expect(await moved.innerText()).toContain('«Новый» → «Проигранный»');
      },
    );

    await step(
      () => current,
      'crm-rename-stage',
      async () => {
        await page.goto(`${stack.base}/admin/#/leads`);
        await page.getByTestId('column-title-measurement').filter({ hasText: 'Замеры' }).waitFor({ timeout: SLOW });
        await page.goto(`${stack.base}/admin/#/settings/pipeline`);
        await page.getByTestId('stage-many-measurement').fill('Выезды');
        await page.getByTestId('stage-one-measurement').fill('Выезд');
        await page.getByTestId('stage-used-contract').uncheck();
        await page.getByTestId('pipeline-save').click();
        await page.getByText('Воронка сохранена').waitFor({ timeout: SLOW });
        await page.goto(`${stack.base}/admin/#/leads`);
        await page.getByTestId('column-title-measurement').filter({ hasText: 'Выезды' }).waitFor({ timeout: SLOW });
        expect(await page.getByTestId('column-contract').count()).toBe(0);
        expect(await page.getByTestId('column-title-new').innerText()).toContain('Новые');
      },
    );
    expect(errors).toEqual([]);
  }, 300_000);

  it('works on a phone: the lead card with its tasks and timeline, and My tasks', async () => {
    const { page, errors } = await openPage(browser, 'ru-RU', { width: 390, height: 844 });
    current = page;
    await step(
      () => current,
      'crm-phone',
      async () => {
        await page.goto(`${stack.base}/admin/`);
        await page.locator('input[name=email]').fill(email);
        await page.locator('input[name=password]').fill('correct horse battery');
        await page.locator('button[type=submit]').click();
        await page.getByText('Лиды по этапам').first().waitFor({ timeout: SLOW });
        await page.goto(`${stack.base}/admin/#/tasks`);
        const today = page.getByTestId('tasks-overdue').or(page.getByTestId('tasks-today'));
        await today.first().getByText('Перезвонить по смете').waitFor({ timeout: SLOW });
        await today.first().getByRole('link', { name: 'Иван Петров' }).click();
        await page.getByTestId('lead-timeline').waitFor({ timeout: SLOW });
        await page.getByTestId('timeline-call').waitFor({ timeout: SLOW });
      },
    );
    expect(errors).toEqual([]);
  }, 180_000);
});
