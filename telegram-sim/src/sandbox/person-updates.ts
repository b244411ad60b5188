import type { FakeBotState } from '../fake-telegram-bot.js';
import type { RegisteredFile } from '../fake-telegram-bot.js';

/** The Telegram user a sandbox persona writes as. */
export interface TelegramPerson {
  id: number;
  first_name: string;
  last_name?: string | undefined;
  language_code?: string | undefined;
}

export type PersonAction =
  | { kind: 'text'; text: string }
  | { kind: 'start'; payload?: string | undefined }
  | { kind: 'contact'; phone: string }
  | { kind: 'photo' | 'document'; file: RegisteredFile; file_name: string; caption?: string | undefined }
  | { kind: 'voice'; file: RegisteredFile; duration: number }
  /** Several photos (or videos) sent at once: one message each, sharing a media_group_id; the caption rides on the first. */
  | { kind: 'album'; items: Array<{ type: 'photo' | 'video'; file: RegisteredFile; file_name: string }>; caption?: string | undefined }
  | { kind: 'press'; message_id: number; data: string };

const now = () => Math.floor(Date.now() / 1000);

/** Telegram sends a photo in several sizes; the largest is last. */
const photoSizes = ({ file_id, file_unique_id, file_size }: RegisteredFile) => [
  { file_id, file_unique_id, file_size, width: 320, height: 240 },
  { file_id, file_unique_id, file_size, width: 1280, height: 960 },
];

let albumSeq = 0;
const asUser = (person: TelegramPerson) => ({
  id: person.id,
  is_bot: false,
  first_name: person.first_name,
  ...(person.last_name ? { last_name: person.last_name } : {}),
  language_code: person.language_code ?? 'ru',
});

/**
 * Turns what a person does in the sandbox page into the update Telegram would send the bot: a
 * message (text, /start with a deep-link payload, their own contact, a photo in several sizes, a
 * document, a voice note, an album as several messages) or a callback query from an inline button
 * under one of the bot's messages.
 */
export async function act(bot: FakeBotState, person: TelegramPerson, action: PersonAction) {
  const from = asUser(person);
  const chat = { id: person.id, type: 'private', first_name: person.first_name };
  const send = (content: Record<string, unknown>) =>
    bot.receive(({ update_id, message_id }) => ({ update_id, message: { message_id, from, chat, date: now(), ...content } }));
  if (action.kind === 'album') {
    albumSeq += 1;
    const media_group_id = `${Date.now()}${albumSeq}`;
    let delivered = null;
    for (const [i, item] of action.items.entries()) {
      const { file_id, file_unique_id, file_size, mime_type } = item.file;
      const media =
        item.type === 'photo'
          ? { photo: photoSizes(item.file) }
          : { video: { file_id, file_unique_id, file_size, mime_type, file_name: item.file_name, width: 1280, height: 720, duration: 1 } };
      delivered = await send({ ...media, media_group_id, ...(i === 0 && action.caption ? { caption: action.caption } : {}) });
    }
    return { ok: true as const, delivered };
  }
  if (action.kind === 'press') {
    const message = bot.log.get(person.id, action.message_id);
    if (!message) return { ok: false as const, field: 'message_id', reason: 'no such message in this chat' };
    const result = await bot.receive(({ update_id }) => ({
      update_id,
      callback_query: { id: `${bot.id}${update_id}`, from, chat_instance: `sandbox${person.id}`, data: action.data, message },
    }));
    return { ok: true as const, delivered: result };
  }
  const content = (() => {
    switch (action.kind) {
      case 'text':
        return {
          text: action.text,
          ...(action.text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: action.text.split(/\s/)[0]!.length }] } : {}),
        };
      case 'start':
        return { text: action.payload ? `/start ${action.payload}` : '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] };
      case 'contact':
        return {
          contact: {
            phone_number: action.phone,
            first_name: person.first_name,
            ...(person.last_name ? { last_name: person.last_name } : {}),
            user_id: person.id,
          },
        };
      case 'photo':
        return { photo: photoSizes(action.file), ...(action.caption ? { caption: action.caption } : {}) };
      case 'voice': {
        const { file_id, file_unique_id, file_size, mime_type } = action.file;
        return { voice: { file_id, file_unique_id, file_size, mime_type, duration: action.duration } };
      }
      case 'document': {
        const { file_id, file_unique_id, file_size, mime_type } = action.file;
        return {
          document: { file_id, file_unique_id, file_size, mime_type, file_name: action.file_name },
          ...(action.caption ? { caption: action.caption } : {}),
        };
      }
    }
  })();
  return { ok: true as const, delivered: await send(content) };
}
