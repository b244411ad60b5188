import { sandboxApi, type Persona } from './api.js';
import { ChatFollower } from './follower.js';
import type { Locale } from './i18n.js';

export type StoryId = 'lead' | 'report' | 'change';

export interface StoryDeps {
  botId: number;
  locale: Locale;
  people: Persona[];
  openChat(persona: Persona): void;
  newLead(persona: Persona): void;
  openWebApp(persona: Persona, url: string, title: string): void;
}

const LEAD_TEXT = {
  ru: ['Здравствуйте! Нужен ремонт санузла, примерно 6 м2, бюджет 400 тысяч', 'В марте, район Марьино, телефон 8 916 123-45-67'],
  en: ['Hello! I need a bathroom renovation, about 6 m2, budget 400 thousand', 'In March, Maryino district, phone +7 916 123-45-67'],
};
const NOTE = { ru: 'Выровняли стены и загрунтовали', en: 'Walls levelled and primed' };

/** A small photo drawn on the spot, so the story needs no file from the disk. */
async function tourPhoto(): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 480;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#d9c7a7';
  g.fillRect(0, 0, 640, 480);
  g.fillStyle = '#8d6e4a';
  for (let x = 0; x < 640; x += 80) g.fillRect(x, 300, 76, 176);
  g.fillStyle = '#333';
  g.font = '28px sans-serif';
  g.fillText(new Date().toLocaleString(), 24, 48);
  const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no image'))), 'image/jpeg', 0.85));
  return new File([blob], 'site.jpg', { type: 'image/jpeg' });
}

async function withChat<T>(deps: StoryDeps, persona: Persona, body: (chat: ChatFollower) => Promise<T>): Promise<T> {
  deps.openChat(persona);
  const chat = new ChatFollower(deps.botId, persona.id);
  try {
    await chat.ready;
    return await body(chat);
  } finally {
    chat.close();
  }
}

/** A new lead asks for a bathroom renovation; the qualifier (AI or the built-in one) asks what is missing and hands them to a manager. */
async function leadStory(deps: StoryDeps): Promise<string | null> {
  const persona: Persona = {
    id: 100_000_000 + Math.floor(Math.random() * 99_999_999), first_name: deps.locale === 'ru' ? 'Анна' : 'Anna',
    last_name: deps.locale === 'ru' ? 'Экскурсия' : 'Tour', language_code: deps.locale, role: 'lead', linked: false,
  };
  deps.newLead(persona);
  const [first, second] = LEAD_TEXT[deps.locale];
  return withChat(deps, persona, async (chat) => {
    await chat.act(() => sandboxApi.send(deps.botId, persona, { kind: 'start' }));
    await chat.act(() => sandboxApi.send(deps.botId, persona, { kind: 'text', text: first! }));
    await chat.act(() => sandboxApi.send(deps.botId, persona, { kind: 'text', text: second! }));
    return null;
  });
}

/** A worker signs in with their contact and files a daily report: project, stage, a photo, a note, progress, send. */
async function reportStory(deps: StoryDeps): Promise<string | null> {
  const worker = deps.people.find((p) => p.role === 'worker' && p.phone);
  if (!worker) throw new Error('no worker with a phone number in this organization');
  return withChat(deps, worker, async (chat) => {
    if (chat.history.length === 0) await chat.act(() => sandboxApi.send(deps.botId, worker, { kind: 'start' }));
    if (chat.replyButtons().some((b) => b.request_contact)) await chat.act(() => sandboxApi.send(deps.botId, worker, { kind: 'contact', phone: worker.phone! }));
    const report = chat.replyButtons().find((b) => /Отчёт|Report/.test(b.text));
    if (!report) throw new Error('the worker menu did not appear');
    await chat.act(() => sandboxApi.send(deps.botId, worker, { kind: 'text', text: report.text }));
    for (const step of ['project', 'stage']) {
      const choice = chat.firstChoice();
      if (!choice) throw new Error(`no ${step} to choose`);
      await chat.act(() => sandboxApi.press(deps.botId, worker, choice.message_id, choice.data));
    }
    await chat.act(async () => sandboxApi.upload(deps.botId, worker, 'photo', await tourPhoto()));
    const done = chat.inlineButton(/Готово|Done/);
    if (!done) throw new Error('no Done button');
    await chat.act(() => sandboxApi.press(deps.botId, worker, done.message_id, done.button.callback_data!));
    await chat.act(() => sandboxApi.send(deps.botId, worker, { kind: 'text', text: NOTE[deps.locale] }));
    if (/%/.test(chat.latestBotText()) && !chat.inlineButton(/Отправить|Send/)) await chat.act(() => sandboxApi.send(deps.botId, worker, { kind: 'text', text: '60' }));
    const send = chat.inlineButton(/Отправить|Send/);
    if (!send) throw new Error('no Send button');
    await chat.act(() => sandboxApi.press(deps.botId, worker, send.message_id, send.button.callback_data!));
    return null;
  });
}

/** A client opens the Mini App from their chat, where pending change requests wait for their decision. */
async function changeStory(deps: StoryDeps): Promise<string | null> {
  const client = deps.people.find((p) => p.role === 'client' && p.linked);
  if (!client) throw new Error('no client linked to Telegram in this organization');
  return withChat(deps, client, async (chat) => {
    // A client's /start sets the chat's menu button (a Mini App); the bot may answer nothing else.
    await sandboxApi.send(deps.botId, client, { kind: 'start' });
    const deadline = Date.now() + 15_000;
    while (!chat.menu?.web_app && !chat.inlineButton(/./, 'web_app') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    const fromButton = chat.inlineButton(/./, 'web_app');
    const url = chat.menu?.web_app?.url ?? fromButton?.button.web_app?.url;
    if (!url) throw new Error('the bot gave this client no Mini App button');
    deps.openWebApp(client, url, chat.menu?.text ?? fromButton!.button.text);
    return 'hint_change';
  });
}

export const STORIES: Record<StoryId, (deps: StoryDeps) => Promise<string | null>> = { lead: leadStory, report: reportStory, change: changeStory };
