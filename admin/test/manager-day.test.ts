import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { openPage, root, step } from '@crm/testing/admin-browser';
import { browserStackForFile, waitFor } from './stack.js';

/*
 * A manager's day in Chromium at 1366x768 and 390x844, from a fresh sign-up with no demo data: quick
 * replies written in Settings and sent from a conversation (read back from the fake Bot API), the
 * firm's own stage names on the dashboard and beside the conversation, Lost asked with a reason there
 * too, and tasks on a project with their reminder. With SCREENSHOTS=1 it also writes the README's
 * pictures: docs/screenshots/inbox.png (desktop) and docs/screenshots/kanban-phone.png (390x844).
 */
const ctx = browserStackForFile();
const WAIT = 30_000;
const SCREENSHOTS = process.env.SCREENSHOTS === '1';

/** The organization's wall clock now (a new company's zone is Europe/Moscow), as a datetime-local input takes it. */
const moscowNow = () =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    .format(new Date())
    .replace(' ', 'T');

async function readmeScreenshot(page: Page, name: string) {
  if (!SCREENSHOTS) return;
  const dir = path.join(root, 'docs/screenshots');
  mkdirSync(dir, { recursive: true });
  // Nothing may be moving: no progress bar, and every image on the page loaded.
  await page
    .locator('.MuiLinearProgress-indeterminate, .MuiCircularProgress-indeterminate')
    .first()
    .waitFor({ state: 'detached', timeout: WAIT })
    .catch(() => {});
  await page.waitForFunction(() => [...document.images].every((img) => img.complete), undefined, { timeout: WAIT });
  await page.screenshot({ path: path.join(dir, name) });
}

describe('a manager’s day (Chromium)', () => {
  const people: Record<string, ReturnType<typeof ctx.stack.telegramUser>> = {};
  const person = (name: string) => (people[name] ??= ctx.stack.telegramUser({ first_name: name, language_code: 'ru' }));
  const write = (name: string, text: string) => ctx.stack.personWrites(ctx.company.botToken, person(name), text);
  const api = (method: string, url: string, body?: unknown) => ctx.stack.api(ctx.company.token, method, url, body);
  const sentTo = (name: string) => ctx.stack.harness.fake.sent(person(name).id, ctx.company.botToken);
  const chatOf = async (name: string) =>
    ((await api('GET', '/chats?filter={}')) as { id: string; lead_id: number; person: { telegram_id: number } }[]).find(
      (c) => Number(c.person.telegram_id) === person(name).id,
    )!;
  const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  /** Writes a quick reply in the Settings card; answers the text it should become in a conversation with `who`. */
  async function addQuickReply(page: Page, title: string, content: string) {
    await page.goto(`${ctx.stack.base}/admin/#/settings`);
    const card = page.getByTestId('quick-replies-settings');
    await card.waitFor({ timeout: WAIT });
    await card.locator('input[name=quick-title]').fill(title);
    await card.locator('textarea[name=quick-content]').fill(content);
    await card.getByTestId('add-quick-reply').click();
    await card
      .getByTestId('quick-reply-row')
      .filter({ hasText: `/${title}` })
      .waitFor({ timeout: WAIT });
  }

  /** Picks a quick reply with the ⚡ button of the open conversation, checks the box holds `expected`, and sends it. */
  async function sendQuickReply(page: Page, expected: string) {
    await page.getByTestId('quick-replies-button').click();
    await page.getByTestId('quick-reply-option').filter({ hasText: expected }).click();
    const box = page.locator('textarea[name=reply]');
    await waitFor(async () => (await box.inputValue()) === expected, WAIT, 'the filled quick reply in the reply box');
    await box.press('Enter');
  }

  it('at 1366×768: quick replies from Settings, the firm’s stage names, and Lost with a reason beside the conversation', async () => {
    // Real names (the README's pictures show them), filled into the quick reply as {manager} and {firm}.
    await api('PUT', `/organizations/${ctx.company.org.id}`, { name: 'Ремонт Плюс' });
    await api('PUT', `/users/${ctx.company.user.id}`, { name: 'Анна Смирнова' });
    const me = (await api('GET', '/auth/me')) as { user: { name: string }; organization: { name: string } };
    expect(me).toMatchObject({ user: { name: 'Анна Смирнова' }, organization: { name: 'Ремонт Плюс' } });
    await write('Ольга', 'Здравствуйте, нужен ремонт кухни');
    await write('Павел', 'Сколько стоит ванная под ключ?');
    const olga = await chatOf('Ольга');

    const { page, errors } = await openPage(ctx.browser, 'ru-RU', { width: 1366, height: 768 });
    await ctx.signIn(page);

    await step(
      () => page,
      'quick replies in Settings: add, edit, delete',
      async () => {
        await addQuickReply(page, 'привет', 'Здравствуйте, {name}!');
        const card = page.getByTestId('quick-replies-settings');
        const row = card.getByTestId('quick-reply-row').filter({ hasText: '/привет' });
        await row.getByTestId('edit-quick-reply').click();
        expect(await card.locator('textarea[name=quick-content]').inputValue()).toBe('Здравствуйте, {name}!');
        await card.locator('textarea[name=quick-content]').fill('Здравствуйте, {name}! Это {manager} из «{firm}». Когда удобно созвониться?');
        await card.getByTestId('add-quick-reply').click();
        await row.getByText('Когда удобно созвониться?').waitFor({ timeout: WAIT });
        await addQuickReply(page, 'лишний', 'Удалите меня');
        await card.getByTestId('quick-reply-row').filter({ hasText: '/лишний' }).getByTestId('delete-quick-reply').click();
        await card.getByTestId('quick-reply-row').filter({ hasText: '/лишний' }).waitFor({ state: 'detached', timeout: WAIT });
        const stored = (await api('GET', '/quick-replies')) as { title: string; content: string }[];
        expect(stored).toEqual([
          expect.objectContaining({ title: 'привет', content: 'Здравствуйте, {name}! Это {manager} из «{firm}». Когда удобно созвониться?' }),
        ]);
      },
    );

    const expected = `Здравствуйте, Ольга! Это ${me.user.name} из «${me.organization.name}». Когда удобно созвониться?`;
    await step(
      () => page,
      'the quick reply in a conversation, received by Telegram filled',
      async () => {
        await page.goto(`${ctx.stack.base}/admin/#/chat?c=${olga.id}`);
        await page.getByTestId('thread').getByText('нужен ремонт кухни').waitFor({ timeout: WAIT });
        await sendQuickReply(page, expected);
        await waitFor(async () => sentTo('Ольга').some((r) => r.params.text === expected), WAIT, 'the quick reply in Telegram');
        await page.getByTestId('thread').getByText('Когда удобно созвониться?').waitFor({ timeout: WAIT });
        await readmeScreenshot(page, 'inbox.png');
      },
    );

    await step(
      () => page,
      'a renamed stage on the dashboard and beside the conversation',
      async () => {
        await page.goto(`${ctx.stack.base}/admin/`);
        await page.getByTestId('stage-row-new').getByText('Новые').waitFor({ timeout: WAIT });
        await page.goto(`${ctx.stack.base}/admin/#/settings/pipeline`);
        await page.getByTestId('stage-one-new').fill('Входящий');
        await page.getByTestId('stage-many-new').fill('Входящие');
        await page.getByTestId('stage-used-contract').uncheck();
        await page.getByTestId('pipeline-save').click();
        await page.getByText('Воронка сохранена').waitFor({ timeout: WAIT });
        await page.goto(`${ctx.stack.base}/admin/`);
        await page.getByTestId('stage-row-new').getByText('Входящие').waitFor({ timeout: WAIT });
        expect(await page.getByTestId('stage-row-contract').count()).toBe(0);
        await page.goto(`${ctx.stack.base}/admin/#/chat?c=${olga.id}`);
        const status = page.getByTestId('person-card').getByTestId('person-status');
        await status.getByText('Входящий').waitFor({ timeout: WAIT });
        await page.getByTestId(`conversation-${olga.id}`).getByText('Входящий').waitFor({ timeout: WAIT });
        await status.click();
        await page.getByRole('option', { name: 'Квалифицированный' }).waitFor();
        expect(await page.getByRole('option', { name: 'Договор' }).count()).toBe(0);
        await page.keyboard.press('Escape');
      },
    );

    await step(
      () => page,
      'Lost beside the conversation asks the reason; cancelling keeps the stage',
      async () => {
        const status = page.getByTestId('person-card').getByTestId('person-status');
        const stored = async () =>
          (await ctx.stack.harness.sequelize.query(`SELECT status, lost_reason FROM leads WHERE id = ${olga.lead_id}`, { plain: true })) as {
            status: string;
            lost_reason: string | null;
          };
        await status.click();
        await page.getByRole('option', { name: 'Проигранный' }).click();
        await page.getByTestId('lost-dialog').waitFor({ timeout: WAIT });
        expect(await page.getByTestId('lost-confirm').isDisabled()).toBe(true);
        await page.getByTestId('lost-dialog').getByRole('button', { name: 'Отмена' }).click();
        await page.getByTestId('lost-dialog').waitFor({ state: 'detached', timeout: WAIT });
        await status.getByText('Входящий').waitFor();
        expect(await stored()).toEqual({ status: 'new', lost_reason: null });

        await status.click();
        await page.getByRole('option', { name: 'Проигранный' }).click();
        await page.getByTestId('lost-reason').fill('Выбрали другую бригаду');
        await page.getByTestId('lost-confirm').click();
        await status.getByText('Проигранный').waitFor({ timeout: WAIT });
        await waitFor(async () => (await stored()).status === 'lost', WAIT, 'the move to Lost saved');
        expect(await stored()).toEqual({ status: 'lost', lost_reason: 'Выбрали другую бригаду' });
        await page.getByTestId('person-card').getByText('Выбрали другую бригаду').waitFor({ timeout: WAIT });
      },
    );
    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('at 390×844: a quick reply from Settings sent from the phone, the board, tasks on a project with their reminder', async () => {
    await write('Семён', 'Добрый день, интересует ремонт квартиры');
    const semyon = await chatOf('Семён');
    const me = (await api('GET', '/auth/me')) as { user: { name: string } };
    const project = (await api('POST', '/projects', { name: 'Квартира на Садовой', address: 'Садовая, 12' })) as { id: number };

    const { page, errors } = await openPage(ctx.browser, 'ru-RU', { width: 390, height: 844 });
    await ctx.signIn(page);

    await step(
      () => page,
      'phone: a quick reply written in Settings',
      async () => {
        await addQuickReply(page, 'замер', '{name}, замерщик приедет бесплатно. Ваш менеджер — {manager}.');
        expect(await noSideways(page)).toBe(true);
      },
    );

    await step(
      () => page,
      'phone: the quick reply sent from the conversation, received filled',
      async () => {
        const expected = `Семён, замерщик приедет бесплатно. Ваш менеджер — ${me.user.name}.`;
        await page.goto(`${ctx.stack.base}/admin/#/chat?c=${semyon.id}`);
        await page.getByTestId('thread').getByText('интересует ремонт квартиры').waitFor({ timeout: WAIT });
        await sendQuickReply(page, expected);
        await waitFor(async () => sentTo('Семён').some((r) => r.params.text === expected), WAIT, 'the quick reply in Telegram');
        expect(await noSideways(page)).toBe(true);
      },
    );

    await step(
      () => page,
      'phone: the Kanban',
      async () => {
        await api('POST', '/leads', { name: 'Игорь Власов', phone: '+79161234500', budget_amount: '850000', work_type: 'apartment', source: 'avito' });
        await api('POST', '/leads', { name: 'Марина Котова', budget_amount: '240000', work_type: 'bathroom', source: 'site' });
        await page.goto(`${ctx.stack.base}/admin/#/leads`);
        await page.getByTestId('status-switcher').waitFor({ timeout: WAIT });
        await page.locator('[data-testid^=lead-card-]').filter({ hasText: 'Марина Котова' }).waitFor({ timeout: WAIT });
        expect(await noSideways(page)).toBe(true);
        await readmeScreenshot(page, 'kanban-phone.png');
      },
    );

    await step(
      () => page,
      'phone: a task on the project and its reminder',
      async () => {
        await page.goto(`${ctx.stack.base}/admin/#/projects/${project.id}/show/tasks`);
        const panel = page.getByTestId('project-tasks');
        await panel.getByText('Задач по объекту пока нет', { exact: false }).waitFor({ timeout: WAIT });
        await panel.getByTestId('add-task').click();
        await page.getByTestId('task-title').fill('Заказать плитку для санузла');
        await page.getByTestId('task-due').fill(moscowNow());
        await page.getByTestId('task-save').click();
        await panel.locator('[data-testid^=task-]').filter({ hasText: 'Заказать плитку для санузла' }).first().waitFor({ timeout: WAIT });
        // Due now: the jobs process reminds at once and the back office hears it live.
        await page.getByText('⏰ Задача: Заказать плитку для санузла').first().waitFor({ timeout: WAIT });
        const tasks = (await api('GET', `/tasks?filter=${encodeURIComponent(JSON.stringify({ project_id: project.id }))}`)) as {
          title: string;
          project_name: string;
          reminded_at: string | null;
        }[];
        expect(tasks).toEqual([expect.objectContaining({ title: 'Заказать плитку для санузла', project_name: 'Квартира на Садовой' })]);
        expect(tasks[0]!.reminded_at).not.toBeNull();
        expect(await noSideways(page)).toBe(true);
      },
    );

    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);
});
