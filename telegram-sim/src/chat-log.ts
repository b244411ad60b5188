/** A message as the chat shows it: what the bot sent or what the person sent, with its latest edit. */
export type ChatMessage = Record<string, unknown> & { message_id: number; chat: { id: number; type?: string }; date: number };

export type ChatEvent =
  | { type: 'message'; chat_id: number; message: ChatMessage }
  | { type: 'edit'; chat_id: number; message: ChatMessage }
  | { type: 'delete'; chat_id: number; message_id: number }
  /** The bot's answerCallbackQuery with a text: Telegram shows it as a toast (or an alert). */
  | { type: 'toast'; chat_id: number; text: string; show_alert: boolean }
  /** setChatMenuButton for one chat: the button left of the message field (a Mini App, typically). */
  | { type: 'menu'; chat_id: number; menu_button: unknown };

/** A chat log as it is saved and restored: each chat's messages oldest first, and the chats' menu buttons. */
export interface ChatLogState {
  chats: Array<[number, ChatMessage[]]>;
  menus: Array<[number, unknown]>;
}

const KEEP_PER_CHAT = 300;
const KEEP_CHATS = 5_000;

/**
 * The private chats of one bot as its people see them, so a page can show a conversation and follow
 * it live. Bounded: old messages and old chats fall off (benchmarks push thousands through the fake).
 */
export class ChatLog {
  private readonly chats = new Map<number, Map<number, ChatMessage>>();
  private readonly listeners = new Set<(event: ChatEvent & { seq: number }) => void>();
  private readonly menus = new Map<number, unknown>();
  /** Called after every change (a long-running sandbox saves the log). */
  onChange: (() => void) | null = null;

  /** Everything the log holds, to be saved. */
  state(): ChatLogState {
    return { chats: [...this.chats].map(([id, chat]) => [id, [...chat.values()]]), menus: [...this.menus] };
  }

  /** Puts back a saved log (before anyone follows it). */
  restore(state: ChatLogState): void {
    for (const [chatId, messages] of state.chats ?? []) this.chats.set(chatId, new Map(messages.map((m) => [m.message_id, m])));
    for (const [chatId, menu] of state.menus ?? []) this.menus.set(chatId, menu);
  }

  history(chatId: number): ChatMessage[] {
    return [...(this.chats.get(chatId)?.values() ?? [])];
  }

  get(chatId: number, messageId: number): ChatMessage | undefined {
    return this.chats.get(chatId)?.get(messageId);
  }

  add(message: ChatMessage): void {
    const chatId = message.chat.id;
    let chat = this.chats.get(chatId);
    if (!chat) {
      if (this.chats.size >= KEEP_CHATS) this.chats.delete(this.chats.keys().next().value!);
      chat = new Map();
      this.chats.set(chatId, chat);
    }
    chat.set(message.message_id, message);
    if (chat.size > KEEP_PER_CHAT) chat.delete(chat.keys().next().value!);
    this.emit({ type: 'message', chat_id: chatId, message });
  }

  /** Replaces a message with its edited version (kept in place, so the chat order stays). */
  replace(message: ChatMessage): void {
    const chat = this.chats.get(message.chat.id);
    if (!chat?.has(message.message_id)) return;
    chat.set(message.message_id, message);
    this.emit({ type: 'edit', chat_id: message.chat.id, message });
  }

  remove(chatId: number, messageId: number): boolean {
    const removed = this.chats.get(chatId)?.delete(messageId) ?? false;
    if (removed) this.emit({ type: 'delete', chat_id: chatId, message_id: messageId });
    return removed;
  }

  menu(chatId: number): unknown {
    return this.menus.get(chatId) ?? null;
  }

  setMenu(chatId: number, menuButton: unknown): void {
    if (this.menus.size >= KEEP_CHATS) this.menus.clear();
    this.menus.set(chatId, menuButton);
    this.emit({ type: 'menu', chat_id: chatId, menu_button: menuButton });
  }

  toast(chatId: number, text: string, showAlert: boolean): void {
    this.emit({ type: 'toast', chat_id: chatId, text, show_alert: showAlert });
  }

  /** Numbers every change, so a page that reads a chat and then follows the events skips what the read already showed. */
  get seq(): number {
    return this.eventSeq;
  }
  private eventSeq = 0;

  /** Follows every chat of the bot; returns the unsubscribe function. */
  subscribe(listener: (event: ChatEvent & { seq: number }) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: ChatEvent): void {
    if (event.type !== 'toast') this.onChange?.();
    this.eventSeq += 1;
    const numbered = { ...event, seq: this.eventSeq };
    for (const listener of this.listeners) listener(numbered);
  }
}
