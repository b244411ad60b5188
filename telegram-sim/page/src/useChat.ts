import { useEffect, useState } from 'react';
import type { BotCommand, MenuButton, Message } from './api.js';
import { followChat } from './stream.js';

export interface Toast {
  id: number;
  text: string;
  alert: boolean;
}

/** Puts a message in its place in the chat (an edit replaces it, a new one goes last). */
function upsert(list: Message[], message: Message): Message[] {
  const at = list.findIndex((m) => m.message_id === message.message_id);
  if (at < 0) return [...list, message];
  const next = list.slice();
  next[at] = message;
  return next;
}

/** One chat followed live: the history first, then every message, edit and deletion as it happens. */
export function useChat(botId: number, chatId: number) {
  const [messages, setMessages] = useState<Message[]>([]);
  const [toast, setToast] = useState<Toast | null>(null);
  const [menu, setMenu] = useState<MenuButton | null>(null);
  const [commands, setCommands] = useState<BotCommand[]>([]);

  useEffect(
    () =>
      followChat(botId, chatId, {
        snapshot(history, menuButton, botCommands) {
          setMessages(history);
          setMenu(menuButton);
          setCommands(botCommands);
        },
        event(event) {
          switch (event.type) {
            case 'message':
            case 'edit':
              return setMessages((list) => upsert(list, event.message));
            case 'delete':
              return setMessages((list) => list.filter((m) => m.message_id !== event.message_id));
            case 'menu':
              return setMenu(event.menu_button);
            case 'toast':
              return setToast({ id: Date.now(), text: event.text, alert: event.show_alert });
          }
        },
      }),
    [botId, chatId],
  );

  useEffect(() => {
    if (!toast || toast.alert) return;
    const timer = setTimeout(() => setToast(null), 3_000);
    return () => clearTimeout(timer);
  }, [toast]);

  return { messages, menu, commands, toast, dismissToast: () => setToast(null) };
}

/**
 * The reply keyboard in force: the latest bot message that set one or removed it decides, as in Telegram.
 * A one-time keyboard hides once the person has written after it.
 */
export function replyKeyboard(messages: Message[]) {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const m = messages[i]!;
    const markup = m.reply_markup;
    if (!m.from?.is_bot || !markup) continue;
    if (markup.remove_keyboard) return null;
    if (markup.keyboard) {
      const answered = messages.slice(i + 1).some((later) => !later.from?.is_bot);
      return markup.one_time_keyboard && answered ? null : markup.keyboard;
    }
  }
  return null;
}

/** Consecutive messages sharing a media_group_id are one album on screen; every other message stands alone. */
export function groupAlbums(messages: Message[]): Message[][] {
  const groups: Message[][] = [];
  for (const message of messages) {
    const last = groups[groups.length - 1];
    if (message.media_group_id && last?.[0]?.media_group_id === message.media_group_id) last.push(message);
    else groups.push([message]);
  }
  return groups;
}
