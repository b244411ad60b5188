import { sandboxApi, type Persona } from './api.js';
import { ChatFollower } from './follower.js';
import type { Locale, TextKey } from './i18n.js';

export type StoryId = 'lead' | 'report' | 'change';

/** What each story does, step by step, as the page shows its progress. */
export const STORY_STEPS: Record<StoryId, TextKey[]> = {
  lead: ['step_lead_start', 'step_lead_ask', 'step_lead_answer'],
  report: ['step_report_signin', 'step_report_pick', 'step_report_photos', 'step_report_note', 'step_report_send'],
  change: ['step_change_manager', 'step_change_open', 'step_change_approve', 'step_change_seen'],
};

export interface StoryDeps {
  botId: number;
  locale: Locale;
  /** The organization's people as they are now (linked or not, pending change requests). */
  loadPeople(): Promise<Persona[]>;
  openChat(persona: Persona): void;
  newLead(persona: Persona): void;
  openWebApp(persona: Persona, url: string, title: string): void;
  /** The story has started step `index` of its STORY_STEPS. */
  progress(index: number): void;
}

const LEAD_TEXT = {
  ru: ['Здравствуйте! Нужен ремонт санузла, примерно 6 м2, бюджет 400 тысяч', 'В марте, район Марьино, телефон 8 916 123-45-67'],
  en: ['Hello! I need a bathroom renovation, about 6 m2, budget 400 thousand', 'In March, Maryino district, phone +7 916 123-45-67'],
};
const NOTE = { ru: 'Выровняли стены и загрунтовали', en: 'Walls levelled and primed' };

/** A small photo drawn on the spot, so the story needs no file from the disk. */
async function tourPhoto(wall = '#d9c7a7'): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 480;
  const g = canvas.getContext('2d')!;
  g.fillStyle = wall;
  g.fillRect(0, 0, 640, 480);
  g.fillStyle = '#8d6e4a';
  for (let x = 0; x < 640; x += 80) g.fillRect(x, 300, 76, 176);
  g.fillStyle = '#333';
  g.font = '28px sans-serif';
  g.fillText(new Date().toLocaleString(), 24, 48);
  const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no image'))), 'image/jpeg', 0.85));
  return new File([blob], `site-${wall.slice(1)}.jpg`, { type: 'image/jpeg' });
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
    id: 100_000_000 + Math.floor(Math.random() * 99_999_999),
    first_name: deps.locale === 'ru' ? 'Анна' : 'Anna',
    last_name: deps.locale === 'ru' ? 'Экскурсия' : 'Tour',
    language_code: deps.locale,
    role: 'lead',
    linked: false,
  };
  deps.newLead(persona);
  const [first, second] = LEAD_TEXT[deps.locale];
  return withChat(deps, persona, async (chat) => {
    deps.progress(0);
    await chat.act(() => sandboxApi.send(deps.botId, persona, { kind: 'start' }));
    deps.progress(1);
    await chat.act(() => sandboxApi.send(deps.botId, persona, { kind: 'text', text: first! }));
    deps.progress(2);
    await chat.act(() => sandboxApi.send(deps.botId, persona, { kind: 'text', text: second! }));
    return null;
  });
}

/** A worker signs in with their contact and files a daily report: project, stage, an album of photos, a note, progress, send. */
async function reportStory(deps: StoryDeps): Promise<string | null> {
  const worker = (await deps.loadPeople()).find((p) => p.role === 'worker' && p.phone);
  if (!worker) throw new Error('no worker with a phone number in this organization');
  return withChat(deps, worker, async (chat) => {
    deps.progress(0);
    if (chat.history.length === 0) await chat.act(() => sandboxApi.send(deps.botId, worker, { kind: 'start' }));
    if (chat.replyButtons().some((b) => b.request_contact))
      await chat.act(() => sandboxApi.send(deps.botId, worker, { kind: 'contact', phone: worker.phone! }));
    const report = chat.replyButtons().find((b) => /Отчёт|Report/.test(b.text));
    if (!report) throw new Error('the worker menu did not appear');
    deps.progress(1);
    await chat.act(() => sandboxApi.send(deps.botId, worker, { kind: 'text', text: report.text }));
    for (const step of ['project', 'stage']) {
      const choice = chat.firstChoice();
      if (!choice) throw new Error(`no ${step} to choose`);
      await chat.act(() => sandboxApi.press(deps.botId, worker, choice.message_id, choice.data));
    }
    deps.progress(2);
    await chat.act(async () => sandboxApi.upload(deps.botId, worker, 'album', [await tourPhoto('#d9c7a7'), await tourPhoto('#c7d9e0')]));
    const done = chat.inlineButton(/Готово|Done/);
    if (!done) throw new Error('no Done button');
    await chat.act(() => sandboxApi.press(deps.botId, worker, done.message_id, done.button.callback_data!));
    deps.progress(3);
    await chat.act(() => sandboxApi.send(deps.botId, worker, { kind: 'text', text: NOTE[deps.locale] }));
    if (/%/.test(chat.latestBotText()) && !chat.inlineButton(/Отправить|Send/))
      await chat.act(() => sandboxApi.send(deps.botId, worker, { kind: 'text', text: '60' }));
    deps.progress(4);
    const send = chat.inlineButton(/Отправить|Send/);
    if (!send) throw new Error('no Send button');
    await chat.act(() => sandboxApi.press(deps.botId, worker, send.message_id, send.button.callback_data!));
    return null;
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `find` answers something inside the Mini App frame on the page (same origin, so its DOM is reachable). */
async function inMiniApp<T>(what: string, find: (doc: Document) => T | null | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const doc = document.querySelector<HTMLIFrameElement>('[data-testid=miniapp-frame] iframe')?.contentDocument;
    const found = doc ? find(doc) : null;
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`the Mini App did not show ${what}`);
    await sleep(200);
  }
}

/**
 * A client approves a change request in the Mini App, and the manager hears of it in Telegram: the
 * manager links their Telegram by sharing their contact, the client opens the Mini App from their chat,
 * the story presses Approve and confirms inside the Mini App itself, and the manager's chat gets the decision.
 */
async function changeStory(deps: StoryDeps): Promise<string | null> {
  const people = await deps.loadPeople();
  const client = people.find((p) => p.role === 'client' && p.linked && (p.pending_changes ?? 0) > 0);
  if (!client)
    throw new Error(
      deps.locale === 'ru'
        ? 'ни у одного клиента нет доп. работ на решении: создайте их в бэк-офисе (проект → Доп. работы)'
        : 'no client has a change request waiting: create one in the back office (project → Change requests)',
    );
  const manager = people.find((p) => p.role === 'manager' && p.phone);
  if (!manager) throw new Error('no manager with a phone number in this organization');
  deps.openChat(manager);
  const managerChat = new ChatFollower(deps.botId, manager.id);
  try {
    await managerChat.ready;
    deps.progress(0);
    if (!manager.linked) await managerChat.act(() => sandboxApi.send(deps.botId, manager, { kind: 'contact', phone: manager.phone! }));
    return await withChat(deps, client, async (chat) => {
      deps.progress(1);
      // A client's /start sets the chat's menu button (a Mini App); the bot may answer nothing else.
      await sandboxApi.send(deps.botId, client, { kind: 'start' });
      const deadline = Date.now() + 15_000;
      while (!chat.menu?.web_app && !chat.inlineButton(/./, 'web_app') && Date.now() < deadline) await sleep(200);
      const fromButton = chat.inlineButton(/./, 'web_app');
      const url = chat.menu?.web_app?.url ?? fromButton?.button.web_app?.url;
      if (!url) throw new Error('the bot gave this client no Mini App button');
      // The Mini App admits frames from its own origin only, and only then can the story reach inside it.
      const appOrigin = new URL(url).origin;
      if (appOrigin !== location.origin)
        throw new Error(`${deps.locale === 'ru' ? 'откройте песочницу по адресу' : 'open the sandbox at'} ${appOrigin}/sandbox/ (PUBLIC_URL)`);
      deps.openWebApp(client, url, chat.menu?.text ?? fromButton!.button.text);

      deps.progress(2);
      const tab = await inMiniApp('its tabs', (doc) =>
        [...doc.querySelectorAll<HTMLButtonElement>('[role=tab]')].find((b) => /^(Changes|Доп\. работы)/.test(b.textContent ?? '')),
      );
      tab.click();
      const card = await inMiniApp('a change request to decide', (doc) => doc.querySelector<HTMLElement>('[data-testid=change-pending]'));
      const title = card.querySelector('strong')?.textContent ?? '';
      card.querySelector<HTMLButtonElement>('.actions .btn:not(.btn-danger)')!.click();
      (await inMiniApp('the confirmation', (doc) => doc.querySelector<HTMLButtonElement>('[data-testid=confirm-decision]'))).click();
      await inMiniApp('the decision', (doc) => [...doc.querySelectorAll('[data-testid=change-decided].approved')].find((c) => c.textContent?.includes(title)));

      deps.progress(3);
      const seen = Date.now() + 30_000;
      while (!managerChat.history.some((m) => m.from?.is_bot && m.text?.includes(title))) {
        if (Date.now() > seen) throw new Error('the manager got no word of the approval');
        await sleep(200);
      }
      return null;
    });
  } finally {
    managerChat.close();
  }
}

export const STORIES: Record<StoryId, (deps: StoryDeps) => Promise<string | null>> = { lead: leadStory, report: reportStory, change: changeStory };
