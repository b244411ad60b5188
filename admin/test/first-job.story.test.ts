import { describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { miniAppUrl } from '@crm/testing/miniapp-browser';
import { initDataFor } from '@crm/testing/miniapp-fixtures';
import { openPage, step } from '@crm/testing/admin-browser';
import { storyStackForFile, type Stack } from './stack.js';
import { cents, connectBot, displayedCents, markupOf, newFirm, signUp, STORY_WAIT as WAIT, telegramPerson, textOf } from './story.js';

/*
 * The first real job of a firm, end to end, with no demo data: everything is created through the
 * back office in Chromium, the bot (the fake Bot API posting updates to the bot's webhook) and the
 * Mini App in Chromium; nothing is written to the database by the test. The machine may be slow and
 * shared, so every wait is a generous poll, never a fixed sleep.
 */
const PUBLIC_URL = 'https://crm.example.test';

const story = storyStackForFile('first-job', PUBLIC_URL);
let current: Page | undefined;

describe('the first real job of a firm, from sign-up to a change request approved in Telegram', () => {
  const firm = newFirm('Ремонт Петровых', 'Анна Владелец');
  const manager = telegramPerson(() => story.stack, { first_name: 'Anna', language_code: 'en' });
  const lead = telegramPerson(() => story.stack, { first_name: 'Ольга', last_name: 'Петрова', language_code: 'ru' });
  const worker = telegramPerson(() => story.stack, { first_name: 'Иван', language_code: 'ru' });
  let page: Page;
  let leadId = 0;
  let projectId = 0;
  let changeRequestId = 0;

  const sent = (person: () => { id: number }) => story.stack.harness.fake.sent(person().id, firm.botToken);
  /** What the person's chat shows: sends and in-place edits (the worker's dialog edits its own message step to step). */
  const shown = (person: () => { id: number }) => story.stack.harness.fake.shown(person().id, firm.botToken);
  const api = (method: string, url: string, body?: unknown) => story.stack.api(firm.token, method, url, body);
  const at = (hash: string) => page.goto(`${story.stack.base}/admin/#${hash}`);
  /** Taps the inline button with this label on the latest bot message to the person that has it. */
  async function tap(person: () => ReturnType<Stack['telegramUser']>, label: string) {
    const message = await story.stack.waitFor(
      async () =>
        [...shown(person)].reverse().find((r) =>
          markupOf(r)
            .inline_keyboard?.flat()
            .some((b) => b.text.includes(label)),
        ),
      WAIT,
      `a “${label}” button`,
    );
    const data = markupOf(message)
      .inline_keyboard!.flat()
      .find((b) => b.text.includes(label))!.callback_data!;
    await story.stack.deliver(firm.botToken, story.stack.updates.callback(person(), data));
  }
  const say = (person: () => ReturnType<Stack['telegramUser']>, text: string) => story.stack.personWrites(firm.botToken, person(), text);
  // The bot's last message to the person, once it says this (a loaded machine may show it a moment after the update).
  const lastReply = (person: () => { id: number }, says: RegExp) =>
    story.stack.waitFor(
      async () => {
        const last = shown(person).at(-1);
        return last && says.test(textOf(last)) ? textOf(last) : null;
      },
      WAIT,
      `the bot's last message saying ${says}`,
    );

  it('signs up a firm in the back office and finds no demo data', async () => {
    const opened = await openPage(story.browser, 'ru-RU');
    page = opened.page;
    current = page;
    await signUp(story.stack, page, firm);
    expect(firm.token).toBeTruthy();
    for (const resource of ['leads', 'projects', 'change-requests', 'transactions', 'daily-reports']) expect(await api('GET', `/${resource}`)).toEqual([]);
    expect((await api('GET', '/users')).map((u: { email: string }) => u.email)).toEqual([firm.owner.email]);
    expect(opened.errors).toEqual([]);
  }, 120_000);

  it('connects the bot in Settings with a token Telegram accepts', async () => {
    await connectBot(story.stack, page, firm);
  }, 120_000);

  it('the manager links their own Telegram from the profile with a one-time link', async () => {
    let url = '';
    await step(
      () => current,
      'story-profile',
      async () => {
        await at('/profile');
        await page.getByRole('button', { name: 'Привязать Telegram' }).click();
        const link = page.getByTestId('telegram-link');
        await link.waitFor({ timeout: WAIT });
        url = await link.inputValue();
      },
    );
    const payload = new URL(url).searchParams.get('start')!;
    expect(url).toMatch(/^https:\/\/t\.me\/\w+\?start=/);
    await story.stack.deliver(firm.botToken, story.stack.updates.start(manager(), payload));
    await lastReply(manager, /Telegram is linked/);
    await step(
      () => current,
      'story-profile-linked',
      async () => {
        await page.reload();
        await page.getByTestId('telegram-status').filter({ hasText: 'Привязан' }).waitFor({ timeout: WAIT });
      },
    );
  }, 120_000);

  it('a lead writes to the bot, is qualified and handed to the manager in Telegram with a button to the CRM', async () => {
    await story.stack.deliver(firm.botToken, story.stack.updates.start(lead()));
    await say(lead, 'Здравствуйте! Нужен ремонт квартиры под ключ, 62 м2, бюджет 1,8 млн, начать в январе, адрес ул. Ленина 5, телефон 8 900 111-22-33');
    const handoff = await story.stack
      .waitFor(
        async () => sent(manager).find((r) => textOf(r).includes('Ольга') && markupOf(r).inline_keyboard),
        90_000,
        'the handoff in the manager’s Telegram',
      )
      .catch(async (error: Error) => {
        // Where the conversation stopped: the journal, the lead, the messages, the AI runs and the jobs.
        throw new Error(`${error.message}\n${await story.stack.harness.diagnose(firm.orgId)}`);
      });
    const button = markupOf(handoff).inline_keyboard![0]![0]!;
    expect(button.text).toBe('Open in the CRM');
    expect(button.url).toMatch(new RegExp(`^${PUBLIC_URL}/admin/#/chat\\?c=lead-\\d+$`));
    leadId = Number(/lead-(\d+)/.exec(button.url!)![1]);
    const chat = await api('GET', `/chats/lead-${leadId}`);
    expect(chat).toMatchObject({ needs_manager: true });
    const saved = await api('GET', `/leads/${leadId}`);
    expect(saved).toMatchObject({ status: 'qualified', phone: '+79001112233' });
    expect(saved.budget_amount).toBe('1800000.00');

    // The button opens the conversation in the back office.
    await step(
      () => current,
      'story-handoff',
      async () => {
        await page.goto(`${story.stack.base}/admin/${new URL(button.url!).hash}`);
        await page.getByTestId('thread').getByText('Нужен ремонт квартиры под ключ', { exact: false }).waitFor({ timeout: WAIT });
      },
    );
  }, 180_000);

  it('the manager makes the lead a client and opens a project from the lead, pre-filled', async () => {
    const saved = await api('GET', `/leads/${leadId}`);
    await step(
      () => current,
      'story-make-client',
      async () => {
        await at(`/leads/${leadId}`);
        await page.getByRole('button', { name: 'Сделать клиентом' }).click();
        await page.getByRole('button', { name: 'Сделать клиентом' }).waitFor({ state: 'detached', timeout: WAIT });
        await page.getByRole('button', { name: 'Новый объект' }).click();
        await page.waitForURL(/#\/projects\/create/, { timeout: WAIT });
        await story.stack.waitFor(async () => (await page.locator('input[name=budget_total]').inputValue()) === '1800000.00', WAIT, 'the budget from the lead');
        expect(await page.locator('input[name=address]').inputValue()).toBe(saved.address ?? '');
        await page.getByText('Ольга Петрова').first().waitFor({ timeout: WAIT });
        await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
        await page.waitForURL(/#\/projects\/\d+\/show/, { timeout: WAIT });
      },
    );
    projectId = Number(/projects\/(\d+)\/show/.exec(page.url())![1]);
    const client = (await api('GET', `/leads/${leadId}`)).client_id;
    expect(await api('GET', `/projects/${projectId}`)).toMatchObject({ client_id: client, lead_id: leadId, budget_total: '1800000.00' });
    expect(await api('GET', `/users/${client}`)).toMatchObject({ role: 'client', telegram_id: lead().id });
  }, 120_000);

  it('adds stages with planned budgets', async () => {
    await step(
      () => current,
      'story-stages',
      async () => {
        for (const [name, budget] of [
          ['Демонтаж', '300000.00'],
          ['Электрика', '500000.00'],
          ['Отделка', '1000000.00'],
        ] as const) {
          await page.getByLabel('Этап', { exact: true }).fill(name);
          await page.getByLabel('Плановый бюджет').fill(budget);
          await page.getByRole('button', { name: 'Добавить этап' }).click();
          await page.locator('[data-testid^=stage-]').filter({ hasText: name }).waitFor({ timeout: WAIT });
        }
      },
    );
    const stages = await api('GET', `/stages?filter=${encodeURIComponent(JSON.stringify({ project_id: projectId }))}`);
    expect(stages.map((s: { budget_planned: string }) => s.budget_planned).sort()).toEqual(['1000000.00', '300000.00', '500000.00']);
  }, 120_000);

  it('invites a worker who links through the one-time link and is put on the project as work starts', async () => {
    let url = '';
    await step(
      () => current,
      'story-worker',
      async () => {
        await at('/users/create');
        await page.locator('input[name=name]').fill('Иван Рабочий');
        await page.getByRole('combobox').filter({ hasText: 'Менеджер' }).click();
        await page.getByRole('option', { name: 'Рабочий' }).click();
        await page.locator('input[name=phone]').fill('8 900 123-45-67');
        await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
        await page.waitForURL(/#\/users$/, { timeout: WAIT });
      },
    );
    const [created] = await api('GET', `/users?filter=${encodeURIComponent(JSON.stringify({ role: 'worker' }))}`);
    expect(created).toMatchObject({ name: 'Иван Рабочий', phone: '+79001234567', telegram_linked: false });
    await step(
      () => current,
      'story-worker-invite',
      async () => {
        await at(`/users/${created.id}`);
        await page.getByRole('button', { name: 'Ссылка-приглашение в Telegram' }).click();
        const link = page.getByTestId('telegram-link');
        await link.waitFor({ timeout: WAIT });
        url = await link.inputValue();
        await page.keyboard.press('Escape');
      },
    );
    await story.stack.deliver(firm.botToken, story.stack.updates.start(worker(), new URL(url).searchParams.get('start')!));
    expect(await api('GET', `/users/${created.id}`)).toMatchObject({ telegram_linked: true });

    await step(
      () => current,
      'story-assign',
      async () => {
        await at(`/projects/${projectId}`);
        // Work starts: the project goes from planning to in progress, with the worker on it.
        await page.getByRole('combobox', { name: 'Статус' }).click();
        await page.getByRole('option', { name: 'В работе' }).click();
        await page.getByRole('combobox', { name: 'Рабочие' }).click();
        await page.getByRole('option', { name: 'Иван Рабочий' }).click();
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
        await page.waitForURL(/#\/projects\/\d+\/show/, { timeout: WAIT });
      },
    );
    expect(await api('GET', `/projects/${projectId}`)).toMatchObject({ status: 'active', worker_ids: [created.id] });
  }, 120_000);

  it('the worker files a report with a photo and logs an expense through the bot', async () => {
    await say(worker, '📝 Отчёт');
    await tap(worker, (await api('GET', `/projects/${projectId}`)).name);
    await tap(worker, 'Демонтаж');
    await story.stack.deliver(firm.botToken, story.stack.updates.photo(worker()));
    await tap(worker, 'Готово');
    await say(worker, 'Демонтаж закончен, мусор вывезли');
    await lastReply(worker, /Укажите новый процент/);
    await say(worker, '100');
    await tap(worker, 'Отправить');
    await lastReply(worker, /Отчёт отправлен/);

    const filter = encodeURIComponent(JSON.stringify({ project_id: projectId }));
    const report = await story.stack.waitFor(
      async () => {
        const [row] = await api('GET', `/daily-reports?filter=${filter}`);
        // The photo is fetched from Telegram (getFile + download) by the media job and stored.
        return row?.media_urls?.[0]?.url ? row : null;
      },
      90_000,
      'the report photo stored',
    );
    expect(report).toMatchObject({ content: 'Демонтаж закончен, мусор вывезли' });
    const photo = await fetch(`${story.stack.base}${report.media_urls[0].url}`);
    expect(photo.status).toBe(200);
    expect(Buffer.from(await photo.arrayBuffer()).toString()).toBe('large-jpeg-bytes-of-the-photo');

    await say(worker, '💸 Расход');
    await say(worker, '12 500,40');
    await tap(worker, 'Материалы');
    await tap(worker, (await api('GET', `/projects/${projectId}`)).name);
    await tap(worker, 'Весь объект');
    await tap(worker, 'Без чека');
    await lastReply(worker, /записан/);
    // The client pays an advance: the manager records it.
    await api('POST', '/transactions', {
      project_id: projectId,
      type: 'income',
      amount: '600000.00',
      category: 'advance',
      occurred_on: new Date().toISOString().slice(0, 10),
    });
  }, 180_000);

  it('the manager creates a change request; the client approves it from Telegram; the manager hears of it in Telegram', async () => {
    await step(
      () => current,
      'story-change-request',
      async () => {
        await at(`/projects/${projectId}/show/change-requests`);
        await page.getByRole('button', { name: 'Новые допработы' }).click();
        await page.locator('input[name=title]').fill('Тёплый пол в ванной');
        await page.locator('input[name=amount]').fill('38000.50');
        await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
        const item = page.locator('[data-testid=change-request]').filter({ hasText: 'Тёплый пол в ванной' });
        await item.waitFor({ timeout: WAIT });
        await item.getByRole('button', { name: 'Отправить клиенту' }).click();
        await item.getByText(/Отправлено клиенту/).waitFor({ timeout: WAIT });
      },
    );
    const [request] = await api('GET', `/change-requests?filter=${encodeURIComponent(JSON.stringify({ project_id: projectId }))}`);
    changeRequestId = request.id;
    const offer = await story.stack.waitFor(
      async () => sent(lead).find((r) => textOf(r).includes('Тёплый пол в ванной') && markupOf(r).inline_keyboard),
      WAIT,
      'the offer in the client’s Telegram',
    );
    const approve = markupOf(offer)
      .inline_keyboard!.flat()
      .find((b) => b.callback_data === `cr1:a:${changeRequestId}`);
    expect(approve).toBeDefined();
    const before = sent(manager).length;
    await story.stack.deliver(firm.botToken, story.stack.updates.callback(lead(), approve!.callback_data!));
    expect(await api('GET', `/change-requests/${changeRequestId}`)).toMatchObject({
      status: 'approved',
      decided_by: (await api('GET', `/leads/${leadId}`)).client_id,
    });
    const decision = await story.stack.waitFor(
      async () =>
        sent(manager)
          .slice(before)
          .find((r) => JSON.stringify([r.params.text, r.params.reply_markup ?? '']).includes(`/admin/#/projects/${projectId}/show`)),
      WAIT,
      'the decision in the manager’s Telegram',
    );
    expect(textOf(decision)).toContain('Тёплый пол в ванной');
  }, 180_000);

  it('the back office project page, the dashboard and the Mini App show the same money and progress as the summary', async () => {
    const summary = await api('GET', `/projects/${projectId}/summary`);
    expect(summary.money).toMatchObject({
      contract_base: '1800000.00',
      change_orders_approved: '38000.50',
      contract_total: '1838000.50',
      paid: '600000.00',
      spent: '12500.40',
      left: '1825500.10',
    });
    // Demolition (300 000 of 1 800 000 planned) done: 100·300000/1800000 = 16.7 → 17.
    expect(summary.progress_pct).toBe(17);
    const expected = Object.fromEntries(
      ['contract_base', 'change_orders_approved', 'contract_total', 'paid', 'spent', 'left'].map((key) => [key, cents(summary.money[key])]),
    );

    const read = async (p: Page, testId: string) => displayedCents((await p.getByTestId(testId).locator('[data-role=amount]').first().textContent()) ?? '');
    const same = (shown: Record<string, bigint>) => Object.keys(expected).every((key) => shown[key] === expected[key]);
    /** A screen may first show what it had cached and then its fresh figures: read until they settle, then compare. */
    async function settled(readScreen: () => Promise<Record<string, bigint>>) {
      let shown: Record<string, bigint> = {};
      await story.stack.waitFor(async () => same((shown = await readScreen())), WAIT, 'the figures on the screen').catch(() => {});
      return shown;
    }

    await step(
      () => current,
      'story-project-money',
      async () => {
        await at(`/projects/${projectId}/show`);
        await page.getByTestId('money-panel').waitFor({ timeout: WAIT });
        const shown = await settled(async () => ({
          ...Object.fromEntries(
            await Promise.all(
              ['contract_base', 'change_orders_approved', 'contract_total', 'paid', 'spent'].map(async (key) => [key, await read(page, `money-${key}`)]),
            ),
          ),
          left: await read(page, 'money-left'),
        }));
        expect(shown).toEqual(expected);
        expect(await page.getByTestId('project-progress').textContent()).toMatch(new RegExp(`: ${summary.progress_pct}%$`));
      },
    );

    await step(
      () => current,
      'story-dashboard-money',
      async () => {
        await at('/');
        await page.getByTestId(`dashboard-project-${projectId}`).waitFor({ timeout: WAIT });
        const shown = await settled(async () =>
          Object.fromEntries(await Promise.all(Object.keys(expected).map(async (key) => [key, await read(page, `dashboard-money-${projectId}-${key}`)]))),
        );
        expect(shown).toEqual(expected);
        expect(await page.getByTestId(`dashboard-progress-${projectId}`).textContent()).toBe(`${summary.progress_pct}%`);
      },
    );

    // The client opens the Mini App from Telegram: init data signed for their own Telegram id.
    const mini = await openPage(story.browser, 'ru-RU');
    current = mini.page;
    const app = mini.page;
    await step(
      () => current,
      'story-mini-app',
      async () => {
        await app.goto(miniAppUrl(story.stack.base, firm.orgId, initDataFor(firm.botToken, { id: lead().id, first_name: 'Ольга', language_code: 'ru' })));
        await app.getByTestId('overall-progress').waitFor({ timeout: WAIT });
        expect(await app.getByTestId('overall-progress').textContent()).toBe(`${summary.progress_pct}%`);
        const dd = async (key: string) => displayedCents((await app.getByTestId(`money-${key}`).locator('dd').textContent()) ?? '');
        expect({
          contract_base: await dd('contract_base'),
          change_orders_approved: await dd('change_orders_approved'),
          contract_total: await dd('budget_total'),
          paid: await dd('paid'),
          spent: await dd('spent'),
          left: await dd('remaining'),
        }).toEqual(expected);
        await app.getByRole('tab', { name: /Доп\. работы/ }).click();
        const decided = app.getByTestId('change-decided').filter({ hasText: 'Тёплый пол в ванной' });
        await decided.waitFor({ timeout: WAIT });
        expect(await decided.textContent()).toContain('Одобрено');
        expect(await app.getByTestId('change-pending').count()).toBe(0);
      },
    );
    expect(mini.errors).toEqual([]);
    await mini.context.close();
    current = page;
  }, 180_000);
});
