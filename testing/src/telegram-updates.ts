import type { Message, Update, User as TelegramUser } from 'node-telegram-bot-api';
import type { FakeTelegram } from '@crm/telegram-sim';

export interface PersonOptions {
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

let personSeq = 0;

/** A Telegram user with a fresh id (ids are unique per test run so tests never collide). */
export function telegramUser(options: PersonOptions = {}, id?: number): TelegramUser {
  personSeq += 1;
  return {
    id: id ?? 700_000_000 + (process.pid % 10_000) * 10_000 + personSeq,
    is_bot: false,
    first_name: options.first_name ?? `Person ${personSeq}`,
    ...(options.last_name ? { last_name: options.last_name } : {}),
    ...(options.username !== undefined ? { username: options.username } : { username: `person${personSeq}` }),
    language_code: options.language_code ?? 'ru',
  };
}

/**
 * Builds realistic updates as Telegram sends them: update ids increase, message ids increase per
 * chat, photos come in several sizes, albums share a media_group_id. Pass a FakeTelegram to get
 * media whose file_id is downloadable through getFile.
 */
export class UpdateFactory {
  private updateSeq = Math.floor(Math.random() * 1_000_000) * 10;
  private messageSeq = 1;
  private groupSeq = 0;

  constructor(private readonly fake?: FakeTelegram) {}

  private nextUpdateId(): number {
    this.updateSeq += 1;
    return this.updateSeq;
  }

  private privateMessage(from: TelegramUser, extra: Record<string, unknown>): Message {
    return {
      message_id: this.messageSeq++,
      from,
      chat: { id: from.id, type: 'private', first_name: from.first_name, ...(from.username ? { username: from.username } : {}) },
      date: Math.floor(Date.now() / 1000),
      ...extra,
    } as Message;
  }

  private file(bytes: string, mime: string, extension: string) {
    if (this.fake) {
      const f = this.fake.registerFile(Buffer.from(bytes), { mime_type: mime, extension });
      return { file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: f.file_size };
    }
    const n = this.nextUpdateId();
    return { file_id: `F${n}`, file_unique_id: `U${n}`, file_size: bytes.length };
  }

  /** Wraps any message as a `message` update. */
  message(message: Message): Update {
    return { update_id: this.nextUpdateId(), message } as Update;
  }

  text(from: TelegramUser, text: string): Update {
    return this.message(this.privateMessage(from, { text }));
  }

  /** `/start <payload>` as sent by a t.me/<bot>?start=<payload> deep link. */
  start(from: TelegramUser, payload?: string): Update {
    const text = payload ? `/start ${payload}` : '/start';
    return this.message(this.privateMessage(from, { text, entities: [{ type: 'bot_command', offset: 0, length: 6 }] }));
  }

  contact(from: TelegramUser, phone_number: string): Update {
    return this.message(this.privateMessage(from, { contact: { phone_number, first_name: from.first_name, user_id: from.id } }));
  }

  photo(from: TelegramUser, options: { caption?: string; media_group_id?: string } = {}): Update {
    const small = this.file('small-jpeg', 'image/jpeg', 'jpg');
    const large = this.file('large-jpeg-bytes-of-the-photo', 'image/jpeg', 'jpg');
    return this.message(
      this.privateMessage(from, {
        photo: [
          { ...small, width: 90, height: 67 },
          { ...large, width: 1280, height: 960 },
        ],
        ...(options.caption ? { caption: options.caption } : {}),
        ...(options.media_group_id ? { media_group_id: options.media_group_id } : {}),
      }),
    );
  }

  voice(from: TelegramUser, duration = 4): Update {
    return this.message(this.privateMessage(from, { voice: { ...this.file('OggS-voice', 'audio/ogg', 'oga'), duration, mime_type: 'audio/ogg' } }));
  }

  video(from: TelegramUser, options: { caption?: string; media_group_id?: string } = {}): Update {
    return this.message(
      this.privateMessage(from, {
        video: { ...this.file('mp4-video', 'video/mp4', 'mp4'), width: 1920, height: 1080, duration: 12, mime_type: 'video/mp4', file_name: 'clip.mp4' },
        ...(options.caption ? { caption: options.caption } : {}),
        ...(options.media_group_id ? { media_group_id: options.media_group_id } : {}),
      }),
    );
  }

  document(from: TelegramUser, file_name = 'estimate.pdf', caption?: string): Update {
    return this.message(
      this.privateMessage(from, {
        document: { ...this.file('%PDF-1.4 fake', 'application/pdf', 'pdf'), file_name, mime_type: 'application/pdf' },
        ...(caption ? { caption } : {}),
      }),
    );
  }

  /** Several photo updates sharing a media_group_id; the caption rides on the first, as in Telegram. */
  album(from: TelegramUser, count = 3, caption?: string): Update[] {
    this.groupSeq += 1;
    const media_group_id = `${Date.now()}${this.groupSeq}`;
    return Array.from({ length: count }, (_, i) => this.photo(from, { media_group_id, ...(i === 0 && caption ? { caption } : {}) }));
  }

  /** A tap on an inline button under a message the bot sent earlier (in the person's chat, or in a group). */
  callback(from: TelegramUser, data: string, messageId = 1, group?: { id: number; title: string }): Update {
    const chat = group ? { id: group.id, type: 'supergroup', title: group.title } : { id: from.id, type: 'private', first_name: from.first_name };
    return {
      update_id: this.nextUpdateId(),
      callback_query: {
        id: String(this.nextUpdateId()),
        from,
        chat_instance: `ci${chat.id}`,
        data,
        message: {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          text: 'Choose',
          chat,
          from: { id: 1, is_bot: true, first_name: 'Bot' },
        },
      },
    } as Update;
  }

  /** An edit of a message previously built by this factory (same chat and message_id). */
  edited(original: Update, text: string): Update {
    const message = (original as { message: Message }).message;
    const edit = { ...message, edit_date: Math.floor(Date.now() / 1000) } as Message & Record<string, unknown>;
    if ('caption' in message || !('text' in message)) edit.caption = text;
    else edit.text = text;
    return { update_id: this.nextUpdateId(), edited_message: edit } as Update;
  }

  private membership(from: TelegramUser, oldStatus: string, newStatus: string, group?: { id: number; title: string }): Update {
    const bot = { id: 1, is_bot: true, first_name: 'Bot' };
    return {
      update_id: this.nextUpdateId(),
      my_chat_member: {
        chat: group ? { id: group.id, type: 'supergroup', title: group.title } : { id: from.id, type: 'private', first_name: from.first_name },
        from,
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { status: oldStatus, user: bot },
        new_chat_member: newStatus === 'kicked' ? { status: 'kicked', user: bot, until_date: 0 } : { status: newStatus, user: bot },
      },
    } as Update;
  }

  /** The person blocked the bot. */
  kicked(from: TelegramUser): Update {
    return this.membership(from, 'member', 'kicked');
  }

  /** The person unblocked (restarted) the bot. */
  unblocked(from: TelegramUser): Update {
    return this.membership(from, 'kicked', 'member');
  }

  /** A message in a group chat (negative chat id) the bot is a member of. */
  group(from: TelegramUser, chat: { id: number; title: string }, text: string): Update {
    return this.message({
      message_id: this.messageSeq++,
      from,
      date: Math.floor(Date.now() / 1000),
      text,
      chat: { id: chat.id, type: 'supergroup', title: chat.title },
    } as Message);
  }

  /** A member (`from`) adds the bot to a group (`member`) or removes it (`left`, `kicked`). */
  groupMembership(from: TelegramUser, group: { id: number; title: string }, oldStatus: string, newStatus: string): Update {
    return this.membership(from, oldStatus, newStatus, group);
  }
}
