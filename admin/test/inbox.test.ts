import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { openPage, step } from '@crm/testing/admin-browser';
import { browserStackForFile, waitFor } from './stack.js';

/*
 * The team inbox in Chromium at a laptop's 1366x768 and a phone's 390x844, from a fresh sign-up with
 * no demo data: people write to the bot through the fake Bot API (posting to the bot's webhook), the
 * manager works the inbox in the back office, and what Telegram receives is read from the fake.
 */
const ctx = browserStackForFile();
const WAIT = 20_000;

type Sent = { params: Record<string, unknown> };
const paramsOf = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;

describe('the team inbox (Chromium)', () => {
  const people: Record<string, ReturnType<typeof ctx.stack.telegramUser>> = {};
  const person = (name: string) => (people[name] ??= ctx.stack.telegramUser({ first_name: name, language_code: 'ru' }));
  const write = (name: string, text: string) => ctx.stack.personWrites(ctx.company.botToken, person(name), text);
  const api = (method: string, url: string, body?: unknown) => ctx.stack.api(ctx.company.token, method, url, body);
  const sentTo = (name: string): Sent[] => ctx.stack.harness.fake.sent(person(name).id, ctx.company.botToken);
  const chatOf = async (name: string) =>
    ((await api('GET', '/chats?filter={}')) as { id: string; person: { telegram_id: number } }[]).find((c) => Number(c.person.telegram_id) === person(name).id)!
      .id;
  const count = async (page: Page, tab: string) => Number(await page.getByTestId(`inbox-tab-${tab}`).getAttribute('data-count'));
  const listed = (page: Page) => page.getByTestId('conversation-list').locator('[data-testid^="conversation-"]');
  /** Presses a tab until it is the selected one: a scrollable tab bar still sliding into view can swallow the first press. */
  const openTab = (page: Page, tab: string) =>
    waitFor(
      async () => {
        const button = page.getByTestId(`inbox-tab-${tab}`);
        if ((await button.getAttribute('aria-selected')) === 'true') return true;
        await button.click();
        return (await button.getAttribute('aria-selected')) === 'true';
      },
      WAIT,
      `the ${tab} tab selected`,
    );
  const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it('filters by tabs with live counts, assigns, sends a quick reply and a reply-to, keeps notes private, resolves and reopens', async () => {
    const manager = await api('POST', '/users', {
      name: 'Мария Менеджер',
      role: 'manager',
      email: `maria-${Date.now()}@inbox.test`,
      password: 'correct horse battery',
    });
    const me = (await api('GET', '/auth/me')) as { user: { name: string }; organization: { name: string } };
    await write('Ольга', 'Здравствуйте, нужен ремонт кухни');
    await write('Павел', 'Позовите менеджера, пожалуйста');
    const olga = await chatOf('Ольга');
    const pavel = await chatOf('Павел');

    const { page, errors } = await openPage(ctx.browser, 'ru-RU', { width: 1366, height: 768 });
    await ctx.signIn(page);
    await page.goto(`${ctx.stack.base}/admin/#/chat`);

    await step(
      () => page,
      'tab counts',
      async () => {
        await waitFor(async () => (await count(page, 'all')) === 2 && (await count(page, 'needs_manager')) === 1, WAIT, 'tab counts');
        expect(await count(page, 'unassigned')).toBe(2);
        expect(await count(page, 'mine')).toBe(0);
        await waitFor(async () => (await page.title()) === '(2) Чаты', WAIT, 'title with the unread count');
        expect(await page.getByTestId('chat-menu-badge').getAttribute('data-count')).toBe('2');
        await openTab(page, 'needs_manager');
        await waitFor(async () => (await listed(page).count()) === 1, WAIT, 'only the one waiting for a manager');
        await page.getByTestId(`conversation-${pavel}`).waitFor();
      },
    );

    await step(
      () => page,
      'assign, and a message in someone else’s conversation stays out of Mine',
      async () => {
        await openTab(page, 'all');
        await page.getByTestId(`conversation-${olga}`).click();
        await page.getByTestId('thread').getByText('нужен ремонт кухни').waitFor();
        await waitFor(async () => (await page.title()) === '(1) Чаты', WAIT, 'one unread left after reading');
        await page.getByTestId('thread-header').getByRole('combobox').click();
        await page.getByRole('option', { name: 'Мария Менеджер' }).click();
        await waitFor(async () => (await api('GET', `/chats/${olga}`)).manager_id === manager.id, WAIT, 'assigned');
        await openTab(page, 'mine');
        await page.getByTestId('inbox-empty').waitFor();
        await write('Ольга', 'А когда сможете приехать?');
        await page.getByTestId('thread').getByText('А когда сможете приехать?').waitFor({ timeout: WAIT });
        expect(await listed(page).count()).toBe(0);
        expect(await count(page, 'mine')).toBe(0);
      },
    );

    await step(
      () => page,
      'a quick reply with placeholders, managed from the chat',
      async () => {
        const box = page.locator('textarea[name=reply]');
        await box.fill('/');
        await page.getByTestId('quick-reply-picker').waitFor();
        await page.getByTestId('manage-quick-replies').click();
        await page.locator('input[name=quick-title]').fill('привет');
        await page.locator('textarea[name=quick-content]').fill('Здравствуйте, {{name}}! Это {{manager}} из «{{firm}}».');
        await page.getByTestId('add-quick-reply').click();
        await page.getByRole('dialog').getByText('/привет').waitFor();
        await page.getByRole('dialog').getByRole('button', { name: 'Закрыть' }).click();
        const expected = `Здравствуйте, Ольга! Это ${me.user.name} из «${me.organization.name}».`;
        await page.getByTestId('quick-reply-option').filter({ hasText: expected }).waitFor();
        await box.press('Enter');
        expect(await box.inputValue()).toBe(expected);
        await box.press('Enter');
        const sent = await waitFor(async () => sentTo('Ольга').find((r) => r.params.text === expected), WAIT, 'the quick reply in Telegram');
        expect(sent).toBeTruthy();
      },
    );

    await step(
      () => page,
      'a private note stays in the back office',
      async () => {
        await waitFor(
          async () => {
            const page1 = await api('GET', `/chats/${olga}/messages`);
            return page1.data
              .filter((m: { direction: string; status: string }) => m.direction === 'outbound')
              .every((m: { status: string }) => m.status === 'sent');
          },
          WAIT,
          'earlier replies delivered',
        );
        const before = sentTo('Ольга').length;
        await page.getByTestId('mode-note').click();
        await page.locator('textarea[name=note]').fill('Клиентка торгуется: скидка не больше 5%');
        await page.locator('textarea[name=note]').press('Enter');
        await page.getByTestId('note').filter({ hasText: 'скидка не больше 5%' }).getByText(me.user.name, { exact: false }).waitFor();
        await page.waitForTimeout(1500);
        expect(sentTo('Ольга').length).toBe(before);
        expect(ctx.stack.harness.fake.requests.some((r) => JSON.stringify(r.params).includes('скидка не больше'))).toBe(false);
        await page.getByTestId('mode-reply').click();
      },
    );

    await step(
      () => page,
      'a reply to a chosen message goes to Telegram as a reply to it',
      async () => {
        const question = (await api('GET', `/chats/${olga}/messages`)).data.find((m: { content: string }) => m.content === 'А когда сможете приехать?');
        await page.locator(`[data-message-id="${question.id}"]`).getByTestId('reply-action').click();
        await page.getByTestId('replying-to').getByText('А когда сможете приехать?').waitFor();
        await page.locator('textarea[name=reply]').fill('Завтра в 10:00');
        await page.locator('textarea[name=reply]').press('Enter');
        const sent = await waitFor(async () => sentTo('Ольга').find((r) => r.params.text === 'Завтра в 10:00'), WAIT, 'the reply in Telegram');
        expect(paramsOf(sent.params.reply_parameters).message_id).toBe(question.telegram_message_id);
        await page.getByTestId('thread').getByTestId('quote').filter({ hasText: 'А когда сможете приехать?' }).waitFor();
      },
    );

    await step(
      () => page,
      'resolve, then the person’s next message reopens it',
      async () => {
        await openTab(page, 'all');
        await page.getByTestId(`conversation-${olga}`).waitFor();
        await page.getByTestId('resolve').click();
        await waitFor(async () => (await page.getByTestId(`conversation-${olga}`).count()) === 0, WAIT, 'gone from the open inbox');
        await waitFor(async () => (await count(page, 'resolved')) === 1, WAIT, 'resolved count');
        await openTab(page, 'resolved');
        await page.getByTestId(`conversation-${olga}`).waitFor();
        await write('Ольга', 'Ещё вопрос по плитке');
        await waitFor(async () => (await page.getByTestId(`conversation-${olga}`).count()) === 0, WAIT, 'gone from resolved');
        await waitFor(async () => (await count(page, 'resolved')) === 0, WAIT, 'resolved count back to 0');
        await page.getByTestId('reopen').waitFor({ state: 'detached' });
        await openTab(page, 'all');
        await page.getByTestId(`conversation-${olga}`).waitFor();
        expect(await page.getByTestId(`conversation-${olga}`).getAttribute('data-state')).toBe('open');
      },
    );
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('on a phone shows the list or the thread with a back arrow, the card as a drawer, search jumps to the message, and never scrolls sideways', async () => {
    await write(
      'Павел',
      'Нужен керамогранит 60x60 в прихожую, и ещё длинное сообщение без пробелов: ааааааааааааааааааааааааааааааааааааааааааааааааааааааааааа',
    );
    const pavel = await chatOf('Павел');
    const { page, errors } = await openPage(ctx.browser, 'ru-RU', { width: 390, height: 844 });
    await ctx.signIn(page);
    await page.goto(`${ctx.stack.base}/admin/#/chat`);
    await step(
      () => page,
      'phone list',
      async () => {
        await page.getByTestId(`conversation-${pavel}`).waitFor();
        expect(await page.getByTestId('chat-page').getAttribute('data-layout')).toBe('phone');
        expect(await page.getByTestId('thread').count()).toBe(0);
        expect(await noSideways(page)).toBe(true);
      },
    );
    await step(
      () => page,
      'phone thread and card',
      async () => {
        await page.getByTestId(`conversation-${pavel}`).click();
        await page.getByTestId('thread').getByText('керамогранит', { exact: false }).waitFor();
        expect(await page.getByTestId('conversation-list').count()).toBe(0);
        expect(await noSideways(page)).toBe(true);
        await page.getByTestId('show-card').click();
        await page.getByTestId('person-drawer').getByTestId('person-card').waitFor();
        expect(await noSideways(page)).toBe(true);
        await page.keyboard.press('Escape');
        await page.getByTestId('thread-back').click();
        await page.getByTestId(`conversation-${pavel}`).waitFor();
      },
    );
    await step(
      () => page,
      'search inside messages jumps to the message',
      async () => {
        await page.locator('input[name=chat-search]').fill('керамогранит');
        await page.getByTestId('message-hit').filter({ hasText: 'керамогранит 60x60' }).click();
        await page.locator('[data-testid="message"][data-highlighted="true"]').getByText('керамогранит', { exact: false }).waitFor({ timeout: WAIT });
        expect(await noSideways(page)).toBe(true);
      },
    );
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
