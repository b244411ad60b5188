// The whole product on a fresh machine with no bot token and no Telegram: `npm start` runs the Telegram
// sandbox, and people are played in its /sandbox page in Chromium. Every step travels as real Telegram
// updates to the bot process and comes back through the bot's own Bot API calls.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchBrowser, openPage, step } from '../../admin/test/browser.js';
import { png } from '../../api/test/miniapp-browser.js';
import { waitFor } from '../../deploy/test/process-harness.js';
import { buildProduct, startProduct, type Product } from './product-harness.js';

let product: Product;
let browser: Browser;
let closeBrowser: (() => Promise<void>) | undefined;
let sandbox: Page;
let current: Page | undefined;

beforeAll(async () => {
  buildProduct();
  product = await startProduct('browser');
  // The bot process connects the token-less demo organization to the sandbox and starts its bot there.
  await waitFor('the demo bot running in the sandbox', async () => {
    const bots = await (await fetch(`${product.base}/sandbox/api/bots`)).json() as Array<{ running: boolean }>;
    return bots.length === 1 && bots[0]!.running;
  }, 60_000, product.proc);
  const launched = await launchBrowser();
  browser = launched.browser;
  closeBrowser = launched.close;
  const opened = await openPage(browser, 'ru-RU');
  sandbox = opened.page;
  current = sandbox;
  await sandbox.goto(`${product.base}/sandbox/`);
}, 600_000);

afterAll(async () => {
  await closeBrowser?.();
  await product?.close();
}, 60_000);

const chatOf = (name: string) => sandbox.locator('[data-testid=chat]', { has: sandbox.locator('.chat-header', { hasText: name }) });
const botSays = (chat: ReturnType<typeof chatOf>, text: string | RegExp) =>
  chat.locator('[data-testid=message][data-from=bot]', { hasText: text }).last().waitFor({ timeout: 30_000 });
const write = async (chat: ReturnType<typeof chatOf>, text: string) => {
  await chat.getByRole('textbox', { name: 'Сообщение' }).fill(text);
  await chat.getByRole('textbox', { name: 'Сообщение' }).press('Enter');
  await chat.locator('[data-testid=message][data-from=person]', { hasText: text }).waitFor();
};
const openPerson = (name: string) => sandbox.locator('[data-testid=persona]', { hasText: name }).first().click();

interface Lead { id: number; name: string; status: string; work_type: string | null; area_m2: string | null; budget_amount: string | null }

describe('the Telegram sandbox in Chromium, with no bot token', () => {
  it('a new lead writes and the built-in qualifier qualifies them; the manager answers from the back office', async () => {
    const chat = chatOf('Анна Тестова');
    await step(() => current, 'sandbox-lead', async () => {
      await sandbox.getByRole('textbox', { name: 'Имя' }).fill('Анна Тестова');
      await sandbox.getByRole('button', { name: 'Написать от его имени' }).click();
      await chat.getByTestId('start').click();
      await chat.locator('[data-testid=message][data-from=bot]').first().waitFor({ timeout: 30_000 });
      await write(chat, 'Нужен ремонт санузла, примерно 6 м2, бюджет 400 тысяч');
      // The qualifier asks about what is still missing.
      await waitFor('the qualifier answers', async () => (await chat.locator('[data-testid=message]').count()) >= 4 && await chat.locator('[data-testid=message]').last().getAttribute('data-from') === 'bot', 40_000);
      await write(chat, 'В марте, район Марьино, телефон 8 916 123-45-67');
    });
    const lead = await waitFor('the lead qualified', async () => {
      const { body } = await product.api<Lead[]>('GET', `/api/leads?filter=${encodeURIComponent(JSON.stringify({ q: 'Анна Тестова' }))}`);
      return body.find((l) => l.status === 'qualified');
    }, 40_000, product.proc);
    expect(lead).toMatchObject({ work_type: 'bathroom', area_m2: '6.00', budget_amount: '400000.00' });

    const { page: admin } = await openPage(browser, 'ru-RU');
    current = admin;
    await step(() => current, 'sandbox-manager-reply', async () => {
      await admin.goto(`${product.base}/admin/`);
      await admin.locator('input[name=email]').fill(product.manager.email);
      await admin.locator('input[name=password]').fill(product.manager.password);
      await admin.locator('button[type=submit]').click();
      await admin.getByTestId('sandbox-banner').waitFor({ timeout: 20_000 });
      expect(await admin.getByTestId('sandbox-banner').textContent()).toContain('Песочница: сообщения уходят во встроенный симулятор Telegram');
      expect(await admin.getByTestId('sandbox-banner').locator('a[href="/sandbox/"]').count()).toBe(1);
      await admin.goto(`${product.base}/admin/#/chat?c=lead-${lead.id}`);
      await admin.getByTestId('thread').getByText('В марте, район Марьино').waitFor({ timeout: 20_000 });
      await admin.locator('textarea[name=reply]').fill('Анна, здравствуйте! Замер в четверг в 10:00 подойдёт?');
      await admin.keyboard.press('Enter');
    });
    current = sandbox;
    await step(() => current, 'sandbox-reply-arrives', () => botSays(chat, 'Замер в четверг в 10:00 подойдёт?'));
    await admin.close();
  }, 240_000);

  it('a worker signs in with the contact button and files a daily report with a photo', async () => {
    const chat = chatOf('Иван Прораб');
    await step(() => current, 'sandbox-worker', async () => {
      await openPerson('Иван Прораб');
      await chat.getByTestId('start').click();
      await chat.getByTestId('reply-keyboard').getByRole('button', { name: /Поделиться телефоном/ }).click();
      await botSays(chat, /Добро пожаловать, Иван/);
      await chat.getByTestId('reply-keyboard').getByRole('button', { name: '📝 Отчёт' }).click();
      await botSays(chat, 'Выберите объект');
      await chat.locator('[data-testid=message][data-from=bot]', { hasText: 'Выберите объект' }).last().getByTestId('inline-button').first().click();
      await botSays(chat, 'Выберите этап');
      await chat.locator('[data-testid=message][data-from=bot]', { hasText: 'Выберите этап' }).last().getByTestId('inline-button').first().click();
      await botSays(chat, 'Пришлите фото и видео');
      await chat.getByTestId('photo-input').setInputFiles({ name: 'walls.png', mimeType: 'image/png', buffer: png(64, 48, [200, 120, 40]) });
      await chat.locator('[data-testid=message][data-from=person] img.photo').waitFor();
      await botSays(chat, 'Получено файлов: 1');
      await chat.locator('[data-testid=message][data-from=bot]', { hasText: 'Получено файлов: 1' }).last().getByRole('button', { name: '✅ Готово' }).click();
      await botSays(chat, 'напишите текстом, что сделано');
      await write(chat, 'Выровняли стены в ванной');
      await botSays(chat, /Укажите новый процент|Проверьте отчёт/);
      if (await chat.locator('[data-testid=message][data-from=bot]').last().getByText('Укажите новый процент').count()) await write(chat, '60');
      await botSays(chat, 'Проверьте отчёт');
      await chat.locator('[data-testid=message][data-from=bot]', { hasText: 'Проверьте отчёт' }).last().getByRole('button', { name: '📤 Отправить' }).click();
      await botSays(chat, 'Отчёт отправлен');
    });
    const report = await waitFor('the report with its photo stored', async () => {
      const { body } = await product.api<Array<{ content: string | null; media_urls: Array<{ type: string; key?: string }> }>>('GET', '/api/daily-reports?sort=["id","DESC"]&range=[0,4]');
      return body.find((r) => r.content?.includes('Выровняли стены') && r.media_urls.length === 1 && r.media_urls[0]!.key);
    }, 40_000, product.proc);
    expect(report.media_urls[0]!.type).toBe('photo');
  }, 240_000);

  it('a client opens the Mini App from the sandbox chat and approves a change request', async () => {
    const { body: clients } = await product.api<Array<{ id: number; name: string }>>('GET', `/api/users?filter=${encodeURIComponent(JSON.stringify({ q: 'Светлана Орлова' }))}`);
    const client = clients.find((u) => u.name === 'Светлана Орлова')!;
    const { body: projects } = await product.api<Array<{ id: number }>>('GET', `/api/projects?filter=${encodeURIComponent(JSON.stringify({ client_id: client.id }))}`);
    const created = await product.api<{ id: number }>('POST', '/api/change-requests', { project_id: projects[0]!.id, title: 'Подсветка зеркала в ванной', amount: '38000.00' });
    expect(created.status).toBe(201);
    expect((await product.api('POST', `/api/change-requests/${created.body.id}/send`)).status).toBe(200);

    const chat = chatOf('Светлана Орлова');
    await step(() => current, 'sandbox-client', async () => {
      await openPerson('Светлана Орлова');
      await botSays(chat, 'Подсветка зеркала в ванной');
      await chat.locator('[data-testid=message][data-from=bot]', { hasText: 'Подсветка зеркала в ванной' }).last().getByRole('button', { name: /Открыть в приложении/ }).click();
      const app: FrameLocator = sandbox.getByTestId('miniapp-frame').frameLocator('iframe');
      await app.getByRole('tab', { name: /Доп. работы/ }).click({ timeout: 30_000 });
      const card = app.locator('[data-testid=change-pending]', { hasText: 'Подсветка зеркала в ванной' });
      await card.getByRole('button', { name: 'Одобрить' }).click();
      await app.getByTestId('confirm-decision').click();
      await app.getByText('Одобрено').first().waitFor({ timeout: 20_000 });
    });
    const decided = await waitFor('the change request approved', async () => {
      const { body } = await product.api<{ status: string; decided_by: number | null }>('GET', `/api/change-requests/${created.body.id}`);
      return body.status === 'approved' && body;
    }, 20_000, product.proc);
    expect(decided.decided_by).toBe(client.id);
  }, 240_000);

  it('the guided tour plays its three stories in one click each', async () => {
    current = sandbox;
    await step(() => current, 'sandbox-tour', async () => {
      await sandbox.reload();
      for (const id of ['lead', 'report', 'change']) {
        await sandbox.getByTestId(`story-${id}`).click();
        await sandbox.locator(`[data-testid=story-${id}]:not([data-status=running])`).waitFor({ timeout: 120_000 });
        expect({ id, status: await sandbox.getByTestId(`story-${id}`).getAttribute('data-status'), text: await sandbox.getByTestId(`story-${id}`).textContent() })
          .toMatchObject({ id, status: 'done' });
        if (id === 'change') {
          const app: FrameLocator = sandbox.getByTestId('miniapp-frame').frameLocator('iframe');
          await app.getByRole('tab', { name: /Доп. работы/ }).waitFor({ timeout: 30_000 });
          await sandbox.getByTestId('miniapp-frame').getByRole('button', { name: 'Закрыть' }).click();
        }
      }
    });
    const lead = await waitFor('the tour lead qualified', async () => {
      const { body } = await product.api<Lead[]>('GET', `/api/leads?filter=${encodeURIComponent(JSON.stringify({ q: 'Экскурсия' }))}`);
      return body.find((l) => l.status === 'qualified');
    }, 30_000, product.proc);
    expect(lead).toMatchObject({ work_type: 'bathroom' });
    const { body: reports } = await product.api<Array<{ content: string | null }>>('GET', '/api/daily-reports?sort=["id","DESC"]&range=[0,4]');
    expect(reports.some((r) => r.content?.includes('Выровняли стены и загрунтовали'))).toBe(true);
  }, 400_000);
});
