/** The sandbox's own API (telegram-sim/src/sandbox/routes.ts), same origin as the page. */
export interface SandboxBot {
  org_id: number;
  org_name: string;
  locale: 'ru' | 'en';
  bot_id: number;
  bot_username: string | null;
  running: boolean;
}

export interface Persona {
  id: number;
  first_name: string;
  last_name?: string;
  language_code: string;
  phone?: string;
  role: 'lead' | 'manager' | 'worker' | 'client';
  linked: boolean;
  /** A client's change requests waiting for their decision. */
  pending_changes?: number;
}

export interface Button {
  text: string;
  callback_data?: string;
  url?: string;
  web_app?: { url: string };
  request_contact?: boolean;
}
interface ReplyMarkup {
  inline_keyboard?: Button[][];
  keyboard?: Array<Array<Button | string>>;
  remove_keyboard?: boolean;
  one_time_keyboard?: boolean;
}
/** The chat's menu button (setChatMenuButton): a Mini App opens from it. */
export interface MenuButton {
  type: string;
  text?: string;
  web_app?: { url: string };
}
/** A command the bot set with setMyCommands: Telegram lists them in the chat's menu. */
export interface BotCommand {
  command: string;
  description: string;
}
interface PhotoSize {
  file_id: string;
  width: number;
  height: number;
}
interface TgFile {
  file_id: string;
  file_name?: string;
  mime_type?: string;
  duration?: number;
}
export interface Message {
  message_id: number;
  from?: { id: number; is_bot: boolean; first_name: string };
  date: number;
  edit_date?: number;
  text?: string;
  caption?: string;
  photo?: PhotoSize[];
  document?: TgFile;
  video?: TgFile;
  voice?: TgFile;
  audio?: TgFile;
  contact?: { phone_number: string; first_name: string };
  reply_markup?: ReplyMarkup;
  /** Messages of one album share it. */
  media_group_id?: string;
}

class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const res = await fetch(`/sandbox/api${path}`, init);
  const data = (await res.json().catch(() => ({}))) as { message?: string; fields?: Record<string, { message: string }> };
  if (!res.ok) {
    const detail = data.fields
      ? Object.entries(data.fields)
          .map(([f, e]) => `${f}: ${e.message}`)
          .join('; ')
      : '';
    throw new ApiError([data.message, detail].filter(Boolean).join(' — ') || `HTTP ${res.status}`, res.status);
  }
  return data as T;
}

const who = (p: Persona) => ({
  id: p.id,
  first_name: p.first_name,
  ...(p.last_name ? { last_name: p.last_name } : {}),
  language_code: p.language_code === 'en' ? 'en' : 'ru',
});

export const sandboxApi = {
  bots: () => request<SandboxBot[]>('GET', '/bots'),
  personas: (botId: number) => request<Persona[]>('GET', `/bots/${botId}/personas`),
  send: (botId: number, persona: Persona, fields: { kind: 'text' | 'start' | 'contact'; text?: string; payload?: string; phone?: string }) =>
    request<{ delivered: unknown }>('POST', `/bots/${botId}/chats/${persona.id}/send`, { from: who(persona), ...fields }),
  /** A photo, a document, a voice note (with its length in seconds) or an album (several photos or videos). */
  upload: (
    botId: number,
    persona: Persona,
    kind: 'photo' | 'document' | 'voice' | 'album',
    files: File[],
    extra: { caption?: string | undefined; duration?: number } = {},
  ) => {
    const form = new FormData();
    form.set('from', JSON.stringify(who(persona)));
    form.set('kind', kind);
    if (extra.caption) form.set('caption', extra.caption);
    if (extra.duration !== undefined) form.set('duration', String(extra.duration));
    for (const file of files) form.append('file', file);
    return request<{ delivered: unknown }>('POST', `/bots/${botId}/chats/${persona.id}/send`, form);
  },
  press: (botId: number, persona: Persona, messageId: number, data: string) =>
    request<{ delivered: unknown }>('POST', `/bots/${botId}/chats/${persona.id}/press`, { from: who(persona), message_id: messageId, data }),
  webApp: (botId: number, persona: Persona, url: string) => request<{ url: string }>('POST', `/bots/${botId}/webapp`, { from: who(persona), url }),
  fileUrl: (botId: number, fileId: string) => `/sandbox/api/bots/${botId}/files/${encodeURIComponent(fileId)}`,
  chat: (botId: number, chatId: number) =>
    request<{ seq: number; messages: Message[]; menu_button: MenuButton | null; commands: BotCommand[] }>('GET', `/bots/${botId}/chats/${chatId}`),
  botEventsUrl: (botId: number) => `/sandbox/api/bots/${botId}/events`,
};
