import type { MenuButton, Message } from './api.js';
import { followChat } from './stream.js';
import { replyKeyboard } from './useChat.js';

const QUIET_MS = 700;

/**
 * Follows one chat for a guided story, through the page's one event stream the chats on screen use:
 * the story acts like a person would and waits for the bot to answer (a new message or an edit) before going on.
 */
export class ChatFollower {
  private readonly messages = new Map<number, Message>();
  private readonly stop: () => void;
  private botEvents = 0;
  private lastEventAt = 0;
  menu: MenuButton | null = null;
  readonly ready: Promise<void>;

  constructor(botId: number, chatId: number) {
    let loaded = () => {};
    this.ready = new Promise((resolve) => {
      loaded = resolve;
    });
    this.stop = followChat(botId, chatId, {
      snapshot: (history, menu) => {
        for (const m of history) this.messages.set(m.message_id, m);
        this.menu = menu;
        loaded();
      },
      event: (event) => {
        if (event.type === 'menu') this.menu = event.menu_button;
        if (event.type !== 'message' && event.type !== 'edit') return;
        this.messages.set(event.message.message_id, event.message);
        if (event.message.from?.is_bot) {
          this.botEvents += 1;
          this.lastEventAt = Date.now();
        }
      },
    });
  }

  get history(): Message[] {
    return [...this.messages.values()].sort((a, b) => a.message_id - b.message_id);
  }

  latestBotText(): string {
    return [...this.history].reverse().find((m) => m.from?.is_bot)?.text ?? '';
  }

  /** Does what a person does, then waits until the bot has answered and gone quiet. */
  async act(action: () => Promise<unknown>, timeoutMs = 40_000): Promise<void> {
    const before = this.botEvents;
    await action();
    const deadline = Date.now() + timeoutMs;
    while (this.botEvents === before || Date.now() - this.lastEventAt < QUIET_MS) {
      if (Date.now() > deadline) throw new Error('the bot did not answer');
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  /** The newest inline button whose text matches, with the message it sits under. */
  inlineButton(label: RegExp, kind: 'callback' | 'web_app' = 'callback') {
    for (const m of [...this.history].reverse()) {
      if (!m.from?.is_bot) continue;
      const button = m.reply_markup?.inline_keyboard?.flat().find((b) => label.test(b.text) && (kind === 'callback' ? b.callback_data : b.web_app));
      if (button) return { message_id: m.message_id, button };
    }
    return null;
  }

  /** The newest message's first callback button (a list to choose from: projects, stages). */
  firstChoice() {
    const m = [...this.history].reverse().find((x) => x.from?.is_bot && x.reply_markup?.inline_keyboard);
    const button = m?.reply_markup?.inline_keyboard?.flat().find((b) => b.callback_data);
    return m && button ? { message_id: m.message_id, data: button.callback_data! } : null;
  }

  replyButtons() {
    return (replyKeyboard(this.history) ?? []).flat().map((b) => (typeof b === 'string' ? { text: b } : b));
  }

  close() {
    this.stop();
  }
}
