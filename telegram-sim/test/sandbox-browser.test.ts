// The whole product on a fresh machine with no bot token and no Telegram: `npm start` runs the Telegram
// sandbox, and people are played in its /sandbox page in Chromium. Every step travels as real Telegram
// updates to the bot process and comes back through the bot's own Bot API calls. The story: a lead writes
// and is qualified by the built-in qualifier, records a voice note; the manager drags the lead to Contract,
// hears the voice note and replies with an album from the back office; a worker signs in with the contact
// button and files a report with a photo and an album; a client approves a change request inside the Mini
// App opened from the sandbox and the manager sees the approval; then the guided tour plays its stories.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { dragTo, launchBrowser, openPage, step } from '@crm/testing/admin-browser';
import { png } from '@crm/testing/miniapp-browser';
import { waitFor } from '@crm/testing/process-harness';
import { buildProduct, startProduct, type Product } from './product-harness.js';
import { FakeTelegram } from '../src/fake-telegram.js';

let product: Product;
let browser: Browser;
let closeBrowser: (() => Promise<void>) | undefined;
let sandbox: Page;
let current: Page | undefined;
let admin: Page;
/** Stands for the real Telegram: nothing reaches it until an organization connects a real bot token. */
let realTelegram: FakeTelegram;

beforeAll(async () => {
  buildProduct();
  realTelegram = await FakeTelegram.start({ maxPollMs: 500 });
  product = await startProduct('browser', { TELEGRAM_API_ROOT: realTelegram.apiRoot });
  // The bot process connects the token-less demo organization to the sandbox and starts its bot there.
  await waitFor(
    'the demo bot running in the sandbox',
    async () => {
      const bots = (await (await fetch(`${product.base}/sandbox/api/bots`)).json()) as Array<{ running: boolean }>;
      return bots.length === 1 && bots[0]!.running;
    },
    60_000,
    product.proc,
  );
  // A fake microphone (a steady tone) that needs no permission prompt, so a voice note can be recorded.
  const launched = await launchBrowser(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
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
  await realTelegram?.close();
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

/** A mono 16-bit PCM WAV of `seconds` of a tone: an audio file to send as a voice note. */
function wav(seconds: number, rate = 8_000): Buffer {
  const samples = Math.round(seconds * rate);
  const out = Buffer.alloc(44 + samples * 2);
  out.write('RIFF', 0);
  out.writeUInt32LE(36 + samples * 2, 4);
  out.write('WAVEfmt ', 8);
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36);
  out.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i += 1) out.writeInt16LE(Math.round(8_000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return out;
}

interface Lead {
  id: number;
  name: string;
  status: string;
  source: string;
  work_type: string | null;
  area_m2: string | null;
  budget_amount: string | null;
}

describe('the Telegram sandbox in Chromium, with no bot token', () => {
  it('a new lead writes and the built-in qualifier qualifies them; the manager answers from the back office', async () => {
    const chat = chatOf('Анна Тестова');
    await step(
      () => current,
      'sandbox-lead',
      async () => {
        await sandbox.getByRole('textbox', { name: 'Имя' }).fill('Анна Тестова');
        await sandbox.getByRole('button', { name: 'Написать от его имени' }).click();
        // Opened from an ad's t.me link: /start carries the deep-link payload.
        await chat.getByRole('button', { name: 'Открыть ссылку t.me с параметром start' }).click();
        await chat.getByRole('textbox', { name: 'параметр start' }).fill('https://t.me/demo_bot?start=vk_spring');
        await chat.getByTestId('start').click();
        await chat.locator('[data-testid=message][data-from=person]', { hasText: '/start vk_spring' }).waitFor();
        await chat.locator('[data-testid=message][data-from=bot]').first().waitFor({ timeout: 30_000 });
        // The bot's commands (setMyCommands) are in the chat's menu.
        await chat.getByTestId('commands-button').click();
        await chat.getByTestId('commands').getByText('/start').waitFor();
        await chat.getByTestId('commands-button').click();
        await write(chat, 'Нужен ремонт санузла, примерно 6 м2, бюджет 400 тысяч');
        // The qualifier asks about what is still missing.
        await waitFor(
          'the qualifier answers',
          async () =>
            (await chat.locator('[data-testid=message]').count()) >= 4 &&
            (await chat.locator('[data-testid=message]').last().getAttribute('data-from')) === 'bot',
          40_000,
        );
        await write(chat, 'В марте, район Марьино, телефон 8 916 123-45-67');
      },
    );
    const lead = await waitFor(
      'the lead qualified',
      async () => {
        const { body } = await product.api<Lead[]>('GET', `/api/leads?filter=${encodeURIComponent(JSON.stringify({ q: 'Анна Тестова' }))}`);
        return body.find((l) => l.status === 'qualified');
      },
      40_000,
      product.proc,
    );
    expect(lead).toMatchObject({ work_type: 'bathroom', area_m2: '6.00', budget_amount: '400000.00', source: 'vk_spring' });

    // A voice note recorded with the microphone, and one from an audio file, each sent as a Telegram voice message.
    await step(
      () => current,
      'sandbox-lead-voice',
      async () => {
        await chat.getByRole('button', { name: 'Записать голосовое' }).click();
        await chat.getByTestId('recording').waitFor();
        await sandbox.waitForTimeout(2_200);
        await chat.getByRole('button', { name: 'Отправить' }).click();
        await chat.locator('[data-testid=message][data-from=person] [data-testid=voice]').first().waitFor({ timeout: 15_000 });
        await chat.getByTestId('voice-input').setInputFiles({ name: 'note.wav', mimeType: 'audio/wav', buffer: wav(3.2) });
        await waitFor('both voice notes in the chat', async () => (await chat.locator('[data-testid=voice]').count()) === 2, 15_000);
        // And a document, as a lead sends their floor plan.
        await chat
          .getByTestId('document-input')
          .setInputFiles({ name: 'plan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% floor plan\n%%EOF\n') });
        await chat.locator('[data-testid=message][data-from=person] a.file', { hasText: 'plan.pdf' }).waitFor({ timeout: 15_000 });
        const durations = await chat.locator('[data-testid=voice] small').allTextContents();
        expect(durations[0]).toMatch(/🎤 0:0[2-3]/);
        expect(durations[1]).toBe('🎤 0:03');
      },
    );
    const voices = await waitFor(
      'the voice notes stored from Telegram',
      async () => {
        const { body } = await product.api<Array<{ kind: string; media: Array<{ type: string; mime_type: string; duration?: number; key?: string }> }>>(
          'GET',
          `/api/chat-messages?filter=${encodeURIComponent(JSON.stringify({ lead_id: lead.id }))}&sort=["id","ASC"]&range=[0,99]`,
        );
        const stored = body.filter((m) => m.media[0]?.type === 'voice' && m.media[0].key);
        return stored.length === 2 && stored.map((m) => m.media[0]!);
      },
      40_000,
      product.proc,
    );
    expect(voices.map((v) => v.mime_type)).toEqual([expect.stringMatching(/^audio\/(webm|ogg)$/), 'audio/wav']);
    expect(voices[1]!.duration).toBe(3);

    admin = (await openPage(browser, 'ru-RU', { width: 1600, height: 1000 })).page;
    current = admin;
    await step(
      () => current,
      'sandbox-manager-kanban',
      async () => {
        await admin.goto(`${product.base}/admin/`);
        await admin.locator('input[name=email]').fill(product.manager.email);
        await admin.locator('input[name=password]').fill(product.manager.password);
        await admin.locator('button[type=submit]').click();
        await admin.getByTestId('sandbox-banner').waitFor({ timeout: 20_000 });
        expect(await admin.getByTestId('sandbox-banner').textContent()).toContain('Песочница: сообщения уходят во встроенный симулятор Telegram');
        expect(await admin.getByTestId('sandbox-banner').locator('a[href="/sandbox/"]').count()).toBe(1);
        // The manager drags the qualified lead to Contract on the Kanban.
        await admin.goto(`${product.base}/admin/#/leads`);
        const card = `[data-testid=column-qualified] [data-testid=lead-card-${lead.id}]`;
        await admin.locator(card).scrollIntoViewIfNeeded({ timeout: 20_000 });
        await dragTo(admin, card, '[data-testid=column-contract]');
        await admin.locator(`[data-testid=column-contract] [data-testid=lead-card-${lead.id}]`).waitFor({ timeout: 15_000 });
      },
    );
    await waitFor(
      'the lead moved to Contract',
      async () => (await product.api<Lead>('GET', `/api/leads/${lead.id}`)).body.status === 'contract',
      15_000,
      product.proc,
    );

    await step(
      () => current,
      'sandbox-manager-reply',
      async () => {
        await admin.goto(`${product.base}/admin/#/chat?c=lead-${lead.id}`);
        const thread = admin.getByTestId('thread');
        await thread.getByText('В марте, район Марьино').waitFor({ timeout: 20_000 });
        // The voice notes play in the back office: the files the jobs process downloaded with getFile.
        await waitFor('the voice notes playable in the back office', async () => (await thread.locator('audio[src]').count()) === 2, 30_000);
        const served = await admin.evaluate(
          async (src) => {
            const res = await fetch(src);
            return { status: res.status, type: res.headers.get('content-type'), size: (await res.arrayBuffer()).byteLength };
          },
          (await thread.locator('audio[src]').first().getAttribute('src'))!,
        );
        expect(served).toMatchObject({ status: 200, type: expect.stringMatching(/^audio\//) });
        expect(served.size).toBeGreaterThan(1_000);
        await thread.getByRole('link', { name: 'plan.pdf' }).waitFor({ timeout: 20_000 });
        await admin.locator('textarea[name=reply]').fill('Анна, здравствуйте! Замер в четверг в 10:00 подойдёт?');
        await admin.keyboard.press('Enter');
        await thread.getByText('Замер в четверг в 10:00 подойдёт?').waitFor({ timeout: 15_000 });
        // Two photos in one reply go to Telegram as an album (sendMediaGroup).
        await admin.getByTestId('reply-files').setInputFiles([
          { name: 'plan-1.png', mimeType: 'image/png', buffer: png(64, 48, [30, 120, 200]) },
          { name: 'plan-2.png', mimeType: 'image/png', buffer: png(64, 48, [200, 60, 30]) },
        ]);
        await admin.locator('textarea[name=reply]').fill('Примеры плитки');
        await admin.keyboard.press('Enter');
      },
    );
    current = sandbox;
    await step(
      () => current,
      'sandbox-reply-arrives',
      async () => {
        await botSays(chat, 'Замер в четверг в 10:00 подойдёт?');
        const album = chat.locator('[data-testid=message][data-from=bot][data-album="2"]');
        await album.waitFor({ timeout: 30_000 });
        expect(await album.locator('[data-testid=album] img.photo').count()).toBe(2);
        expect(await album.locator('.text').textContent()).toBe('Примеры плитки');
      },
    );
  }, 240_000);

  it('a worker signs in with the contact button and files a daily report with a photo', async () => {
    const chat = chatOf('Иван Прораб');
    await step(
      () => current,
      'sandbox-worker',
      async () => {
        await openPerson('Иван Прораб');
        await chat.getByTestId('start').click();
        await chat
          .getByTestId('reply-keyboard')
          .getByRole('button', { name: /Поделиться телефоном/ })
          .click();
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
        // Two more photos picked at once go as an album: several updates sharing one media_group_id.
        await chat.getByTestId('photo-input').setInputFiles([
          { name: 'tiles-1.png', mimeType: 'image/png', buffer: png(64, 48, [90, 160, 90]) },
          { name: 'tiles-2.png', mimeType: 'image/png', buffer: png(64, 48, [90, 90, 160]) },
        ]);
        // Two uploads and two updates: on a loaded machine this can outlast the default 30 s. When it
        // never shows, the failure says what the chat showed instead (an error, the parts that came).
        await chat
          .locator('[data-testid=message][data-from=person][data-album="2"]')
          .waitFor({ timeout: 60_000 })
          .catch(async (error: Error) => {
            const alerts = await chat.getByRole('alert').allTextContents();
            const shown = await chat
              .locator('[data-testid=message][data-from=person]')
              .evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-message-id')}:${n.getAttribute('data-album') ?? 1}`));
            throw new Error(`${error.message}\nalert: ${alerts.join(' | ') || 'none'}; the person's messages shown (id:parts): ${shown.join(' ') || 'none'}`);
          });
        // The bot answers an album once, on its first part (the rest is taken in silently).
        await botSays(chat, 'Получено файлов: 2');
        await chat.locator('[data-testid=message][data-from=bot]', { hasText: 'Получено файлов: 2' }).last().getByRole('button', { name: '✅ Готово' }).click();
        await botSays(chat, 'напишите текстом, что сделано');
        await write(chat, 'Выровняли стены в ванной');
        await botSays(chat, /Укажите новый процент|Проверьте отчёт/);
        if (await chat.locator('[data-testid=message][data-from=bot]').last().getByText('Укажите новый процент').count()) await write(chat, '60');
        await botSays(chat, 'Проверьте отчёт');
        await chat.locator('[data-testid=message][data-from=bot]', { hasText: 'Проверьте отчёт' }).last().getByRole('button', { name: '📤 Отправить' }).click();
        await botSays(chat, 'Отчёт отправлен');
      },
    );
    const report = await waitFor(
      'the report with its photo stored',
      async () => {
        const { body } = await product.api<Array<{ content: string | null; media_urls: Array<{ type: string; key?: string }> }>>(
          'GET',
          '/api/daily-reports?sort=["id","DESC"]&range=[0,4]',
        );
        return body.find((r) => r.content?.includes('Выровняли стены') && r.media_urls.length === 3 && r.media_urls.every((m) => m.key));
      },
      40_000,
      product.proc,
    );
    expect(report.media_urls.map((m) => m.type)).toEqual(['photo', 'photo', 'photo']);
  }, 240_000);

  it('a client opens the Mini App from the sandbox chat and approves a change request', async () => {
    const { body: clients } = await product.api<Array<{ id: number; name: string }>>(
      'GET',
      `/api/users?filter=${encodeURIComponent(JSON.stringify({ q: 'Светлана Орлова' }))}`,
    );
    const client = clients.find((u) => u.name === 'Светлана Орлова')!;
    const { body: projects } = await product.api<Array<{ id: number }>>(
      'GET',
      `/api/projects?filter=${encodeURIComponent(JSON.stringify({ client_id: client.id }))}`,
    );
    const created = await product.api<{ id: number }>('POST', '/api/change-requests', {
      project_id: projects[0]!.id,
      title: 'Подсветка зеркала в ванной',
      amount: '38000.00',
    });
    expect(created.status).toBe(201);
    expect((await product.api('POST', `/api/change-requests/${created.body.id}/send`)).status).toBe(200);

    const chat = chatOf('Светлана Орлова');
    await step(
      () => current,
      'sandbox-client',
      async () => {
        await openPerson('Светлана Орлова');
        await botSays(chat, 'Подсветка зеркала в ванной');
        await chat
          .locator('[data-testid=message][data-from=bot]', { hasText: 'Подсветка зеркала в ванной' })
          .last()
          .getByRole('button', { name: /Открыть в приложении/ })
          .click();
        const app: FrameLocator = sandbox.getByTestId('miniapp-frame').frameLocator('iframe');
        await app.getByRole('tab', { name: /Доп. работы/ }).click({ timeout: 30_000 });
        const card = app.locator('[data-testid=change-pending]', { hasText: 'Подсветка зеркала в ванной' });
        await card.getByRole('button', { name: 'Одобрить' }).click();
        await app.getByTestId('confirm-decision').click();
        await app.getByText('Одобрено').first().waitFor({ timeout: 20_000 });
      },
    );
    const decided = await waitFor(
      'the change request approved',
      async () => {
        const { body } = await product.api<{ status: string; decided_by: number | null }>('GET', `/api/change-requests/${created.body.id}`);
        return body.status === 'approved' && body;
      },
      20_000,
      product.proc,
    );
    expect(decided.decided_by).toBe(client.id);
    current = admin;
    await step(
      () => current,
      'sandbox-manager-sees-approval',
      async () => {
        await admin.getByTestId('notification-bell').click();
        await admin
          .getByTestId('notification-list')
          .getByText(/Светлана Орлова одобрил\(а\) «Подсветка зеркала в ванной»/)
          .waitFor({ timeout: 20_000 });
        await admin.keyboard.press('Escape');
      },
    );
  }, 240_000);

  it('the guided tour plays its three stories in one click each, showing each step', async () => {
    current = sandbox;
    await step(
      () => current,
      'sandbox-tour',
      async () => {
        await sandbox.reload();
        for (const id of ['lead', 'report', 'change']) {
          await sandbox.getByTestId(`story-${id}`).click();
          await sandbox.locator(`[data-testid=tour-progress][data-story=${id}] li[data-state=current]`).first().waitFor({ timeout: 10_000 });
          await sandbox.locator(`[data-testid=story-${id}]:not([data-status=running])`).waitFor({ timeout: 120_000 });
          expect({
            id,
            status: await sandbox.getByTestId(`story-${id}`).getAttribute('data-status'),
            text: await sandbox.getByTestId(`story-${id}`).textContent(),
          }).toMatchObject({ id, status: 'done' });
          const steps = await sandbox
            .locator(`[data-testid=tour-progress][data-story=${id}] li`)
            .evaluateAll((items) => items.map((li) => li.getAttribute('data-state')));
          expect(steps.length).toBeGreaterThanOrEqual(3);
          expect(steps.every((state) => state === 'done')).toBe(true);
        }
        // The change story pressed Approve inside the Mini App, and the manager's chat got the decision.
        const app: FrameLocator = sandbox.getByTestId('miniapp-frame').frameLocator('iframe');
        await app.locator('[data-testid=change-decided].approved', { hasText: 'Тёплый пол в ванной' }).waitFor();
        await botSays(chatOf('Мария Менеджер'), /одобрил\(а\) «Тёплый пол в ванной»/);
        await sandbox.getByTestId('miniapp-frame').getByRole('button', { name: 'Закрыть' }).click();
      },
    );
    const lead = await waitFor(
      'the tour lead qualified',
      async () => {
        const { body } = await product.api<Lead[]>('GET', `/api/leads?filter=${encodeURIComponent(JSON.stringify({ q: 'Экскурсия' }))}`);
        return body.find((l) => l.status === 'qualified');
      },
      30_000,
      product.proc,
    );
    expect(lead).toMatchObject({ work_type: 'bathroom' });
    const { body: reports } = await product.api<Array<{ content: string | null; media_urls: unknown[] }>>(
      'GET',
      '/api/daily-reports?sort=["id","DESC"]&range=[0,4]',
    );
    expect(reports.find((r) => r.content?.includes('Выровняли стены и загрунтовали'))?.media_urls).toHaveLength(2);
    const { body: changes } = await product.api<Array<{ title: string; status: string }>>(
      'GET',
      `/api/change-requests?filter=${encodeURIComponent(JSON.stringify({ status: 'approved' }))}&range=[0,99]`,
    );
    expect(changes.filter((c) => c.title === 'Тёплый пол в ванной')).toHaveLength(1);
  }, 400_000);

  it('a real bot token pasted in Settings switches the organization from the sandbox to Telegram', async () => {
    expect(realTelegram.requests).toEqual([]);
    const realToken = '7123456789:AAF-real-looking-token_1234567890abc';
    const { page: settings } = await openPage(browser, 'ru-RU');
    current = settings;
    await step(
      () => current,
      'sandbox-switch-to-telegram',
      async () => {
        await settings.goto(`${product.base}/admin/`);
        await settings.locator('input[name=email]').fill('admin@demo.local');
        await settings.locator('input[name=password]').fill(product.manager.password);
        await settings.locator('button[type=submit]').click();
        await settings.getByTestId('sandbox-banner').waitFor({ timeout: 20_000 });
        await settings.goto(`${product.base}/admin/#/settings`);
        await settings.locator('input[name=bot_token]').fill(realToken);
        await settings.getByRole('button', { name: 'Сохранить', exact: true }).click();
        // Saved: the banner goes, as the organization is no longer in the sandbox.
        await waitFor('the sandbox banner gone', async () => (await settings.getByTestId('sandbox-banner').count()) === 0, 20_000);
      },
    );
    // The bot process moves the organization to Telegram: its webhook is set there, and the sandbox lets it go.
    await waitFor('the bot on the real Telegram', async () => realTelegram.calls('setWebhook', realToken).some((c) => c.status === 200), 30_000, product.proc);
    expect(String(realTelegram.calls('setWebhook', realToken).at(-1)!.params.url)).toBe(`${product.base}/telegram/webhook/7123456789`);
    expect(await (await fetch(`${product.base}/sandbox/api/bots`)).json()).toEqual([]);
    const { body: orgs } = await product.api<Array<{ has_bot_token: boolean; bot_sandbox: boolean }>>('GET', '/api/organizations');
    expect(orgs).toEqual([expect.objectContaining({ has_bot_token: true, bot_sandbox: false })]);
  }, 120_000);
});
