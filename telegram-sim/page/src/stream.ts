import { sandboxApi, type BotCommand, type MenuButton, type Message } from './api.js';

/** A change in one chat, numbered by the sandbox (telegram-sim/src/chat-log.ts). */
type ChatEvent = { seq: number; chat_id: number } & (
  | { type: 'message' | 'edit'; message: Message }
  | { type: 'delete'; message_id: number }
  | { type: 'toast'; text: string; show_alert: boolean }
  | { type: 'menu'; menu_button: MenuButton | null }
);

export interface ChatHandlers {
  /** The chat as it stands (again after a reconnect). */
  snapshot(messages: Message[], menu: MenuButton | null, commands: BotCommand[]): void;
  /** A change after the snapshot. */
  event(event: ChatEvent): void;
}

interface Follower {
  chatId: number;
  handlers: ChatHandlers;
  seq: number | null;
  buffered: ChatEvent[];
}

/**
 * One event stream per bot for the whole page, shared by every chat on screen and every story: a
 * browser opens at most six connections to a host, and a stream per chat would starve the Mini App.
 * Each follower reads its chat once, then takes the events numbered after that read.
 */
class BotStream {
  private readonly source: EventSource;
  private readonly followers = new Set<Follower>();
  private connected = false;

  constructor(
    readonly botId: number,
    private readonly onIdle: () => void,
  ) {
    this.source = new EventSource(sandboxApi.botEventsUrl(botId));
    this.source.addEventListener('message', (e) => this.dispatch(JSON.parse((e as MessageEvent<string>).data) as ChatEvent));
    this.source.addEventListener('error', () => {
      this.connected = false;
    });
    // Chats are read once the stream is on, and again after every reconnect, so nothing falls in between.
    this.source.addEventListener('ready', () => {
      this.connected = true;
      for (const follower of this.followers) void this.load(follower);
    });
  }

  follow(chatId: number, handlers: ChatHandlers): () => void {
    const follower: Follower = { chatId, handlers, seq: null, buffered: [] };
    this.followers.add(follower);
    if (this.connected) void this.load(follower);
    return () => {
      this.followers.delete(follower);
      if (this.followers.size === 0) {
        this.source.close();
        this.onIdle();
      }
    };
  }

  private async load(follower: Follower): Promise<void> {
    follower.seq = null;
    const chat = await sandboxApi.chat(this.botId, follower.chatId).catch(() => null);
    if (!chat || !this.followers.has(follower)) return;
    follower.seq = chat.seq;
    follower.handlers.snapshot(chat.messages, chat.menu_button, chat.commands ?? []);
    for (const event of follower.buffered.splice(0)) if (event.seq > chat.seq) follower.handlers.event(event);
  }

  private dispatch(event: ChatEvent): void {
    for (const follower of this.followers) {
      if (follower.chatId !== event.chat_id) continue;
      if (follower.seq === null) follower.buffered.push(event);
      else if (event.seq > follower.seq) follower.handlers.event(event);
    }
  }
}

const streams = new Map<number, BotStream>();

/** Follows one chat of a bot; returns the function that stops following. */
export function followChat(botId: number, chatId: number, handlers: ChatHandlers): () => void {
  let stream = streams.get(botId);
  if (!stream) {
    stream = new BotStream(botId, () => streams.delete(botId));
    streams.set(botId, stream);
  }
  return stream.follow(chatId, handlers);
}
