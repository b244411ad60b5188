import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { ChatMessage, User } from '@crm/database';
import { createLead } from '@crm/core';
import { dragTo, launchBrowser, openPage, step } from '@crm/testing/admin-browser';
import { startStack, type Stack } from './stack.js';

const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

// One stack and one browser for the file: the machine is small and each step builds on the last.
let stack: Stack;
let launched: Awaited<ReturnType<typeof launchBrowser>>;
let browser: Browser;
let company: Awaited<ReturnType<Stack['company']>>;
let current: Page | undefined;

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

async function signIn(email: string, password: string, locale = 'en-US') {
  const opened = await openPage(browser, locale);
  current = opened.page;
  await opened.page.goto(`${stack.base}/admin/`);
  await opened.page.locator('input[name=email]').fill(email);
  await opened.page.locator('input[name=password]').fill(password);
  await opened.page.locator('button[type=submit]').click();
  return opened;
}

const at = (page: Page, hash: string) => page.goto(`${stack.base}/admin/#${hash}`);

let signedIn: Awaited<ReturnType<typeof signIn>> | undefined;

/** The admin's signed-in page, shared by the tests (each can also run alone with -t). */
async function adminPage() {
  if (!signedIn) {
    const opened = await signIn(company.user.email, company.password);
    await step(
      () => opened.page,
      'sign-in',
      () =>
        opened.page
          .getByText(`Здравствуйте, ${(company.user as { name?: string }).name}`)
          .first()
          .waitFor({ timeout: 15_000 }),
    );
    signedIn = opened;
  }
  current = signedIn.page;
  return signedIn;
}

describe('back office in Chromium', () => {
  it('signs in and opens the dashboard in the organization language', async () => {
    const { page, errors } = await adminPage();
    await step(
      () => current,
      'dashboard',
      () => page.getByText('Лиды по этапам').waitFor(),
    );
    expect(errors).toEqual([]);
  }, 60_000);

  it('signs up a new company and lands in its back office', async () => {
    const opened = await openPage(browser, 'ru-RU');
    current = opened.page;
    const { page, errors } = opened;
    const email = `owner-${Date.now()}@example.test`;
    await step(
      () => current,
      'sign-up',
      async () => {
        await page.goto(`${stack.base}/admin/#/sign-up`);
        await page.locator('input[name=organization]').fill('Ремонт под ключ');
        await page.locator('input[name=name]').fill('Анна Владелец');
        await page.locator('input[name=email]').fill(email);
        await page.locator('input[name=password]').fill('long enough password');
        await page.getByRole('button', { name: 'Создать аккаунт' }).click();
        await page.getByText('Здравствуйте, Анна Владелец').waitFor({ timeout: 15_000 });
      },
    );
    const login = await fetch(`${stack.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: 'long enough password' }),
    });
    expect((await login.json()).organization).toMatchObject({ name: 'Ремонт под ключ' });
    expect(errors).toEqual([]);
    await opened.context.close();
  }, 60_000);

  it('shows inbound Telegram messages and photos live, sends replies with attachments and shows them delivered', async () => {
    const { page, errors } = await adminPage();
    const person = stack.telegramUser({ first_name: 'Ирина', username: 'irina_remont' });
    await step(
      () => current,
      'chat',
      async () => {
        await stack.personWrites(company.botToken, person, 'Здравствуйте, нужен ремонт ванной');
        await at(page, '/chat');
        await page.locator('[data-testid=live][data-connected=true]').waitFor({ timeout: 10_000 });
        await page.getByText('Ирина').first().click();
        await page.getByTestId('thread').getByText('Здравствуйте, нужен ремонт ванной').waitFor();

        await page.locator('textarea[name=reply]').fill('Добрый день! Когда удобно сделать замер?');
        await page.keyboard.press('Enter');
        await page.getByTestId('thread').getByText('Добрый день! Когда удобно сделать замер?').waitFor();
        const delivered = await stack.waitFor(
          async () => stack.harness.fake.sent(person.id).find((r) => String(r.params.text ?? '').includes('Когда удобно сделать замер?')),
          15_000,
          'the reply at the fake Bot API',
        );
        expect(delivered.method).toBe('sendMessage');
        // The delivery status arrives over the event stream.
        await page
          .locator('[data-testid=message][data-direction=outbound]')
          .filter({ hasText: 'Когда удобно сделать замер?' })
          .locator('[data-testid=delivery][data-status=sent]')
          .waitFor({ timeout: 15_000 });

        // A new message from the person appears without a reload.
        await stack.personWrites(company.botToken, person, 'Завтра после 18:00');
        await page.getByTestId('thread').getByText('Завтра после 18:00').waitFor({ timeout: 10_000 });

        // A photo from the person: stored by the media job, then shown through a signed link.
        await stack.deliver(company.botToken, stack.updates.photo(person, { caption: 'Вот так сейчас' }));
        const inbound = page.locator('[data-testid=message][data-direction=inbound]').filter({ hasText: 'Вот так сейчас' });
        // (The fake's photo bytes are not a real JPEG, so the bubble may fall back to a link to the file.)
        await inbound.locator('a[href*="/api/media/"]').waitFor({ timeout: 15_000 });
        const src = await inbound.locator('a[href*="/api/media/"]').getAttribute('href');
        expect((await fetch(`${stack.base}${src}`)).status).toBe(200);

        // A reply with an attachment goes out as a photo.
        await page.getByTestId('reply-files').setInputFiles({ name: 'plan.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1X1, 'base64') });
        await page.locator('textarea[name=reply]').fill('План кухни');
        await page.keyboard.press('Enter');
        const outbound = page.locator('[data-testid=message][data-direction=outbound]').filter({ hasText: 'План кухни' });
        await outbound.locator('img[src*="/api/media/"]').waitFor({ timeout: 10_000 });
        // The bubble shows the image itself once its bytes have loaded (decode waits for them; a broken one has no width).
        expect(
          await outbound.locator('img').evaluate(async (img: HTMLImageElement) => {
            await img.decode().catch(() => {});
            return img.naturalWidth;
          }),
        ).toBe(1);
        const photo = await stack.waitFor(
          async () => stack.harness.fake.sent(person.id).find((r) => r.method === 'sendPhoto'),
          15_000,
          'the photo at the fake Bot API',
        );
        expect(photo.params.caption).toBe('План кухни');
      },
    );
    expect(errors).toEqual([]);
  }, 90_000);

  it('scrolls back through a long conversation', async () => {
    const { page, errors } = await adminPage();
    const lead = await createLead(stack.harness.sequelize, {
      org_id: company.org.id,
      name: 'Долгий Разговор',
      telegram_id: 930_000_001,
      chat_id: 930_000_001,
      source: 'telegram',
    });
    await ChatMessage.bulkCreate(
      Array.from({ length: 45 }, (_, i) => ({
        org_id: company.org.id,
        lead_id: lead.id,
        direction: i % 2 ? 'outbound' : 'inbound',
        content: `Сообщение ${i + 1}`,
        chat_id: 930_000_001,
        telegram_message_id: 5000 + i,
        status: i % 2 ? 'sent' : 'received',
      })) as never,
    );
    await step(
      () => current,
      'history',
      async () => {
        await at(page, `/chat?c=lead-${lead.id}`);
        const thread = page.getByTestId('thread');
        await thread.getByText('Сообщение 45', { exact: true }).waitFor({ timeout: 10_000 });
        expect(await thread.getByText('Сообщение 1', { exact: true }).count()).toBe(0);
        await page.getByRole('button', { name: 'Показать более ранние' }).click();
        await thread.getByText('Сообщение 1', { exact: true }).waitFor({ timeout: 10_000 });
        expect(await thread.locator('[data-testid=message]').count()).toBe(45);
      },
    );
    expect(errors).toEqual([]);
  }, 60_000);

  it('drags a lead to another Kanban column and the move survives a reload', async () => {
    const { page, errors } = await adminPage();
    const lead = await stack.api(company.token, 'POST', '/leads', { name: 'Пётр Канбан', status: 'new', budget_amount: '450000.00', source: 'avito' });
    await step(
      () => current,
      'kanban',
      async () => {
        await at(page, '/leads');
        const card = `[data-testid=lead-card-${lead.id}]`;
        await page.locator(`[data-testid=column-new] ${card}`).waitFor({ timeout: 10_000 });
        // (A drop on Measurement books a visit first: admin/test/visits.test.ts.)
        await dragTo(page, card, '[data-testid=column-estimate]');
        await page.locator(`[data-testid=column-estimate] ${card}`).waitFor();
        await stack.waitFor(async () => (await stack.api(company.token, 'GET', `/leads/${lead.id}`)).status === 'estimate', 10_000, 'the move saved');
        await page.reload();
        await page.locator(`[data-testid=column-estimate] ${card}`).waitFor({ timeout: 30_000 });
        expect(await page.locator(`[data-testid=column-new] ${card}`).count()).toBe(0);
      },
    );
    expect(errors).toEqual([]);
  }, 90_000);

  it('keeps an ad link’s /start payload as the lead’s source: on the card, and as a filter of the leads list', async () => {
    const { page, errors } = await adminPage();
    const payload = `ad_bath_${Date.now().toString(36)}`;
    const fromAd = stack.telegramUser({ first_name: 'Рекламный', last_name: 'Лид' });
    await stack.deliver(company.botToken, stack.updates.start(fromAd, payload));
    await stack.personWrites(company.botToken, stack.telegramUser({ first_name: 'Обычный', last_name: 'Лид' }), 'Здравствуйте');
    await step(
      () => current,
      'source filter',
      async () => {
        await at(page, '/leads');
        await page.getByText('Обычный Лид').first().waitFor({ timeout: 10_000 });
        const card = page.locator('[data-testid^=lead-card-]').filter({ hasText: 'Рекламный Лид' });
        await card.getByText(payload).waitFor();
        await page.getByLabel('Источник').click();
        await page.getByRole('option', { name: `${payload} (1)` }).click();
        await page.waitForURL(new RegExp(payload));
        await card.waitFor();
        await page.getByText('Обычный Лид').first().waitFor({ state: 'detached', timeout: 10_000 });
      },
    );
    expect(errors).toEqual([]);
  }, 60_000);

  it('creates a change request on a project and sends it to the client in Telegram', async () => {
    const { page, errors } = await adminPage();
    const client = await User.create({
      org_id: company.org.id,
      role: 'client',
      name: 'Ольга Клиент',
      telegram_id: 910_000_000 + Math.floor(Math.random() * 1e6),
    });
    const project = await stack.api(company.token, 'POST', '/projects', {
      name: 'Квартира на Лесной',
      address: 'Лесная, 5',
      budget_total: '1200000.00',
      client_id: client.id,
    });
    await step(
      () => current,
      'change-request',
      async () => {
        await at(page, `/projects/${project.id}/show/change-requests`);
        await page.getByRole('button', { name: 'Новые допработы' }).click();
        await page.locator('input[name=title]').fill('Тёплый пол в ванной');
        await page.locator('input[name=amount]').fill('38000.00');
        await page.locator('textarea[name=description]').first().fill('Электрический, 4 м²');
        await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
        const item = page.locator('[data-testid=change-request]').filter({ hasText: 'Тёплый пол в ванной' });
        await item.waitFor();
        await item.getByRole('button', { name: 'Отправить клиенту' }).click();
        await item.getByText(/Отправлено клиенту/).waitFor({ timeout: 10_000 });
      },
    );
    const saved = await stack.api(company.token, 'GET', `/change-requests?filter=${encodeURIComponent(JSON.stringify({ project_id: project.id }))}`);
    expect(saved).toEqual([
      expect.objectContaining({ title: 'Тёплый пол в ванной', amount: '38000.00', status: 'pending', description: 'Электрический, 4 м²' }),
    ]);
    expect(saved[0].sent_at).toEqual(expect.any(String));
    const offer = await stack.waitFor(
      async () =>
        stack.harness.fake.sent(String(client.telegram_id)).find((r) => String(r.params.text ?? r.params.caption ?? '').includes('Тёплый пол в ванной')),
      15_000,
      'the offer at the fake Bot API',
    );
    expect(JSON.stringify(offer.params.reply_markup)).toContain('callback_data');
    expect(errors).toEqual([]);
  }, 60_000);

  it('adds a project stage and updates its status', async () => {
    const { page, errors } = await adminPage();
    const project = await stack.api(company.token, 'POST', '/projects', { name: 'Кухня на Мира', budget_total: '500000.00' });
    await step(
      () => current,
      'stages',
      async () => {
        await at(page, `/projects/${project.id}/show`);
        await page.getByText('Этапов пока нет. Добавьте первый ниже.').waitFor({ timeout: 10_000 });
        await page.getByLabel('Этап', { exact: true }).fill('Демонтаж');
        await page.getByLabel('Плановый бюджет').fill('60000.00');
        await page.getByRole('button', { name: 'Добавить этап' }).click();
        const stage = page.locator('[data-testid^=stage-]').filter({ hasText: 'Демонтаж' });
        await stage.waitFor();
        await stage.getByRole('combobox').click();
        await page.getByRole('option', { name: 'В работе' }).click();
        await stack.waitFor(
          async () => {
            const [row] = await stack.api(company.token, 'GET', `/stages?filter=${encodeURIComponent(JSON.stringify({ project_id: project.id }))}`);
            return row?.status === 'in_progress' && row.budget_planned === '60000.00';
          },
          10_000,
          'the stage saved',
        );
        await page.getByText('Смета по этапам').waitFor();
      },
    );
    expect(errors).toEqual([]);
  }, 60_000);

  it('uploads a project document and offers it for download', async () => {
    const { page, errors } = await adminPage();
    const project = await stack.api(company.token, 'POST', '/projects', { name: 'Студия на Садовой', budget_total: '300000.00' });
    await step(
      () => current,
      'documents',
      async () => {
        await at(page, `/projects/${project.id}/show/documents`);
        await page.getByText('Документов пока нет.').waitFor();
        await page.getByLabel('Название').fill('Смета v2');
        await page.getByTestId('document-file').setInputFiles({ name: 'smeta.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 estimate') });
        await page.getByText('Смета v2').waitFor({ timeout: 10_000 });
        const href = await page.locator('a[href*="/api/media/"]').first().getAttribute('href');
        const file = await fetch(`${stack.base}${href}`);
        expect(file.status).toBe(200);
        expect(await file.text()).toBe('%PDF-1.4 estimate');
      },
    );
    const docs = await stack.api(company.token, 'GET', `/documents?filter=${encodeURIComponent(JSON.stringify({ project_id: project.id }))}`);
    expect(docs).toEqual([expect.objectContaining({ title: 'Смета v2', kind: 'contract', mime_type: 'application/pdf' })]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('filters transactions and totals the filtered rows', async () => {
    const { page, errors } = await adminPage();
    const project = await stack.api(company.token, 'POST', '/projects', { name: 'Дом у реки', budget_total: '900000.00' });
    for (const [type, amount, category, occurred_on] of [
      ['expense', '1200.50', 'materials', '2026-03-02'],
      ['expense', '800.00', 'labour', '2026-03-05'],
      ['income', '50000.00', 'advance', '2026-03-01'],
    ])
      await stack.api(company.token, 'POST', '/transactions', { project_id: project.id, type, amount, category, occurred_on });
    await step(
      () => current,
      'transactions',
      async () => {
        await at(page, '/transactions');
        await page.getByTestId('total-income').filter({ hasText: '50' }).waitFor({ timeout: 10_000 });
        expect(await page.locator('tbody tr').count()).toBe(3);
        await page.locator('input[name=occurred_on_gte]').fill('2026-03-02');
        await page.getByTestId('total-expenses').filter({ hasText: '2 000,50' }).waitFor({ timeout: 10_000 });
        await stack.waitFor(async () => (await page.locator('tbody tr').count()) === 2, 10_000, 'two rows from 2 March');
        expect(await page.getByTestId('total-income').textContent()).toMatch(/0,00/);
        await page.locator('input[name=category]').fill('materials');
        await page.getByTestId('total-expenses').filter({ hasText: '1 200,50' }).waitFor({ timeout: 10_000 });
        await stack.waitFor(async () => (await page.locator('tbody tr').count()) === 1, 10_000, 'one filtered row');
      },
    );
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows the connected bot and saves the organization settings', async () => {
    const { page, errors } = await adminPage();
    await step(
      () => current,
      'settings',
      async () => {
        await at(page, '/settings');
        await page.getByTestId('bot-status').filter({ hasText: 'Подключён как @' }).waitFor({ timeout: 10_000 });
        // The check asks Telegram (the fake Bot API here) through POST /organizations/:id/bot-check.
        await page.getByTestId('bot-check').click();
        await stack.waitFor(
          async () =>
            (await page
              .getByRole('alert')
              .filter({ hasText: /Подключён как @\w+/ })
              .count()) >= 2,
          10_000,
          'the check’s notification beside the status',
        );
        await page.locator('input[name=stale_lead_days]').fill('5');
        await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
        await page.getByText('Настройки сохранены').waitFor();
      },
    );
    await step(
      () => current,
      'logo',
      async () => {
        const card = page.getByTestId('logo-card');
        await card.getByText('Логотипа пока нет').waitFor();
        // Not an image, whatever it is called: refused with the reason, nothing shown.
        await page.getByTestId('logo-file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('<svg/>') });
        await page.getByText('Не подошло: логотип должен быть картинкой PNG или JPEG до 512 КБ').waitFor({ timeout: 10_000 });
        expect(await page.getByTestId('logo-preview').count()).toBe(0);
        await page.getByTestId('logo-file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1X1, 'base64') });
        await page.getByText('Логотип сохранён: он будет в новых PDF').waitFor({ timeout: 10_000 });
        const preview = page.getByTestId('logo-preview');
        await preview.waitFor({ timeout: 10_000 });
        expect(
          await preview.evaluate(async (img: HTMLImageElement) => {
            await img.decode().catch(() => {});
            return img.naturalWidth;
          }),
        ).toBe(1);
        await card.getByRole('button', { name: 'Удалить' }).click();
        await card.getByText('Логотипа пока нет').waitFor({ timeout: 10_000 });
      },
    );
    const org = await stack.api(company.token, 'GET', `/organizations/${company.org.id}`);
    expect(org).toMatchObject({ stale_lead_days: 5, has_bot_token: true });
    expect(org).not.toHaveProperty('bot_token');
    // The refused logo's answer is the only failed request (taken off the list the next tests on this page check).
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    errors.splice(0);
  }, 90_000);

  it('switches the interface language', async () => {
    const { page, errors } = await adminPage();
    await step(
      () => current,
      'language',
      async () => {
        await at(page, '/');
        await page.getByText('Лиды по этапам').waitFor();
        await page.locator('header button:has-text("Русский")').click();
        await page.getByRole('menuitem', { name: 'English' }).click();
        await page.getByText('Leads per stage').waitFor();
        await page.reload();
        await page.getByText('Leads per stage').waitFor({ timeout: 10_000 });
      },
    );
    expect(errors).toEqual([]);
  }, 60_000);

  it('sends an expired or revoked session back to sign-in', async () => {
    const opened = await openPage(browser, 'ru-RU');
    current = opened.page;
    const { page } = opened;
    await step(
      () => current,
      'expired',
      async () => {
        await page.goto(`${stack.base}/admin/`);
        await page.locator('input[name=email]').waitFor();
        await page.evaluate(
          ({ user, org }) => {
            localStorage.setItem('crm.token', 'expired.token.value');
            localStorage.setItem('crm.user', JSON.stringify(user));
            localStorage.setItem('crm.organization', JSON.stringify(org));
          },
          { user: company.user, org: company.org },
        );
        await at(page, '/leads');
        await page.locator('input[name=email]').waitFor({ timeout: 30_000 });
        expect(page.url()).toContain('#/login');
        expect(await page.evaluate(() => localStorage.getItem('crm.token'))).toBeNull();
      },
    );
    await opened.context.close();
  }, 60_000);

  it('does not let a manager open Users', async () => {
    await stack
      .api(company.token, 'POST', '/users', {
        name: 'Мария Менеджер',
        role: 'manager',
        email: `maria-${Date.now()}@example.test`,
        password: 'manager-password-1',
      })
      .then(async (manager) => {
        const opened = await signIn(manager.email, 'manager-password-1');
        const { page, errors } = opened;
        await step(
          () => current,
          'manager-users',
          async () => {
            await page.getByText('Лиды по этапам').waitFor({ timeout: 15_000 });
            expect(await page.locator('a[href="#/users"]').count()).toBe(0);
            expect(await page.locator('a[href="#/settings"]').count()).toBe(0);
            await at(page, '/users');
            await page
              .getByText(/не найден|not found/i)
              .first()
              .waitFor({ timeout: 10_000 });
            expect(await page.locator('table').count()).toBe(0);
          },
        );
        expect(errors).toEqual([]);
        await opened.context.close();
      });
  }, 60_000);
});
