import { buffer } from 'node:stream/consumers';
import { ChatMessage, type MediaItem } from '@crm/database';
import { isDomainError } from '../errors.js';
import type { Storage } from '../storage/storage.js';
import { InputFile, type TelegramClient, type TelegramResult } from './telegram-client.js';

type Failure = Exclude<TelegramResult<never>, { ok: true }>;

/**
 * Prepares the Bot API call for one ChatMessage: text → sendMessage; one photo → sendPhoto; one
 * other file → sendDocument; several → sendMediaGroup (as photos when all are photos, else as
 * documents, since Telegram does not mix them in one album). Files are read from storage first and
 * uploaded as multipart, never passed as URLs, so the returned `send` does nothing but the request
 * (it runs right after the rate-limit gate). `send` resolves to the Telegram message id (the first
 * one of an album).
 */
export async function prepareSend(
  client: TelegramClient,
  message: ChatMessage,
  storage?: Storage,
): Promise<{ ok: true; send: () => Promise<TelegramResult<number>> } | Failure> {
  const chat_id = message.chat_id!;
  const reply_markup = (message.reply_markup ?? undefined) as never;
  const reply = await replyParameters(message);
  const media = message.media ?? [];
  if (media.length === 0) {
    const params = { chat_id, text: message.content, ...(reply_markup ? { reply_markup } : {}), ...reply };
    return { ok: true, send: async () => idOf(await client.sendMessage(params)) };
  }

  const files: InputFile[] = [];
  for (const item of media) {
    const file = await loadFile(item, storage);
    if (!(file instanceof InputFile)) return file;
    files.push(file);
  }
  const caption = message.content || undefined;
  if (media.length === 1) {
    const common = { chat_id, ...(caption ? { caption } : {}), ...(reply_markup ? { reply_markup } : {}), ...reply };
    return media[0]!.type === 'photo'
      ? { ok: true, send: async () => idOf(await client.sendPhoto({ ...common, photo: files[0]! })) }
      : { ok: true, send: async () => idOf(await client.sendDocument({ ...common, document: files[0]! })) };
  }
  const type = media.every((item) => item.type === 'photo') ? 'photo' : 'document';
  const group = files.map((file, i) => ({ type, media: file, ...(i === 0 && caption ? { caption } : {}) }));
  return {
    ok: true,
    send: async () => {
      const result = await client.sendMediaGroup({ chat_id, media: group as never, ...reply });
      return result.ok ? { ok: true, result: result.result[0]?.message_id ?? 0 } : result;
    },
  };
}

/**
 * A reply chosen in the chat quotes the Telegram message it answers (in the same chat); when that one
 * was never delivered, or was deleted meanwhile, the message still goes, without the quote.
 */
async function replyParameters(message: ChatMessage): Promise<{ reply_parameters?: { message_id: number; allow_sending_without_reply: boolean } }> {
  if (!message.reply_to_id) return {};
  const target = await ChatMessage.findOne({
    where: { id: message.reply_to_id, org_id: message.org_id, chat_id: message.chat_id },
    attributes: ['telegram_message_id'],
  });
  const id = target?.telegram_message_id;
  return id ? { reply_parameters: { message_id: Number(id), allow_sending_without_reply: true } } : {};
}

async function loadFile(item: MediaItem, storage?: Storage): Promise<InputFile | Failure> {
  if (!item.key) return { ok: false, kind: 'permanent', description: 'An attachment has not been uploaded' };
  if (!storage) return { ok: false, kind: 'transient', description: 'Media storage is not configured in the jobs process' };
  try {
    const object = await storage.get(item.key);
    const bytes = await buffer(object.stream);
    const contentType = item.mime_type ?? object.contentType ?? 'application/octet-stream';
    return new InputFile(new Uint8Array(bytes), { filename: fileName(item), contentType });
  } catch (error) {
    if (isDomainError(error) && error.code === 'not_found') {
      return { ok: false, kind: 'permanent', description: 'An attachment is missing from storage' };
    }
    return { ok: false, kind: 'transient', description: `Could not read an attachment from storage: ${(error as Error).message}` };
  }
}

/** Telegram shows the name; the extension decides how clients preview the file. */
function fileName(item: MediaItem): string {
  if (item.file_name) return item.file_name;
  const ext = item.key?.split('.').pop() ?? 'bin';
  return `${item.type}.${ext}`;
}

function idOf(result: TelegramResult<{ message_id: number }>): TelegramResult<number> {
  return result.ok ? { ok: true, result: result.result.message_id } : result;
}
