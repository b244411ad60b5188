import type { Message } from 'node-telegram-bot-api';
import type { MediaItem } from '@crm/database';

export interface MessageContent {
  kind: string;
  content: string;
  media: MediaItem[];
}

type Sized = { file_id: string; file_unique_id: string; file_size?: number; width?: number; height?: number };

function fileItem(type: MediaItem['type'], file: Sized & { mime_type?: string; file_name?: string; duration?: number }): MediaItem {
  return {
    type,
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    mime_type: file.mime_type ?? (type === 'photo' ? 'image/jpeg' : null),
    size: file.file_size ?? null,
    ...(file.file_name ? { file_name: file.file_name } : {}),
    ...(file.duration !== undefined ? { duration: file.duration } : {}),
    ...(file.width !== undefined ? { width: file.width, height: file.height ?? null } : {}),
  };
}

/** The largest size of a photo (Telegram sends several; the last is usually, not always, the largest). */
export function largestPhoto<S extends Sized>(sizes: S[]): S {
  return sizes.reduce((best, s) => ((s.width ?? 0) * (s.height ?? 0) >= (best.width ?? 0) * (best.height ?? 0) ? s : best));
}

/** What a Telegram message holds, in the shape of a chat_messages row: kind, text and media items. */
export function messageContent(message: Message): MessageContent {
  const m = message as Message & Record<string, any>;
  const text: string = m.text ?? m.caption ?? '';
  if (m.photo?.length) return { kind: 'photo', content: text, media: [fileItem('photo', largestPhoto(m.photo))] };
  for (const type of ['video', 'voice', 'audio', 'document', 'video_note', 'animation', 'sticker'] as const) {
    if (m[type]) {
      const content = type === 'sticker' ? (m.sticker?.emoji ?? text) : text;
      return { kind: type, content, media: [fileItem(type, m[type])] };
    }
  }
  if (m.contact) return { kind: 'contact', content: String(m.contact.phone_number ?? ''), media: [] };
  if (m.location) return { kind: 'location', content: `${m.location.latitude}, ${m.location.longitude}`, media: [] };
  if (m.venue) return { kind: 'location', content: `${m.venue.title ?? ''} ${m.venue.address ?? ''}`.trim(), media: [] };
  if (m.poll) return { kind: 'poll', content: String(m.poll.question ?? ''), media: [] };
  if (m.text !== undefined) return { kind: 'text', content: text, media: [] };
  return { kind: 'other', content: text, media: [] };
}

/** `/start <payload>` deep-link payload, if any (t.me/<bot>?start=<payload>; 1-64 chars of A-Za-z0-9_-). */
export function startPayload(text: string | undefined): string | null {
  const match = /^\/start(?:@\w+)?\s+([A-Za-z0-9_-]{1,64})\s*$/.exec(text ?? '');
  return match ? match[1]! : null;
}

/** A Telegram display name: "First Last", or the username, or the id. */
export function displayName(from: { first_name?: string; last_name?: string; username?: string; id: number }): string {
  const name = [from.first_name, from.last_name].filter(Boolean).join(' ').trim();
  return name || from.username || `Telegram ${from.id}`;
}
