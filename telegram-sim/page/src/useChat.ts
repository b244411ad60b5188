import { useEffect, useState } from 'react';
import { sandboxApi, type MenuButton, type Message } from './api.js';

export interface Toast { id: number; text: string; alert: boolean }

/** One chat followed live: the history first, then every message, edit and deletion as it happens. */
export function useChat(botId: number, chatId: number) {
  const [messages, setMessages] = useState<Message[]>([]);
  const [toast, setToast] = useState<Toast | null>(null);
  const [connected, setConnected] = useState(false);
  const [menu, setMenu] = useState<MenuButton | null>(null);

  useEffect(() => {
    const source = new EventSource(sandboxApi.eventsUrl(botId, chatId));
    const upsert = (message: Message) => setMessages((list) => {
      const at = list.findIndex((m) => m.message_id === message.message_id);
      if (at < 0) return [...list, message];
      const next = list.slice();
      next[at] = message;
      return next;
    });
    source.addEventListener('open', () => setConnected(true));
    source.addEventListener('error', () => setConnected(false));
    source.addEventListener('snapshot', (e) => setMessages(JSON.parse((e as MessageEvent<string>).data) as Message[]));
    source.addEventListener('message', (e) => upsert((JSON.parse((e as MessageEvent<string>).data) as { message: Message }).message));
    source.addEventListener('edit', (e) => upsert((JSON.parse((e as MessageEvent<string>).data) as { message: Message }).message));
    source.addEventListener('delete', (e) => {
      const { message_id } = JSON.parse((e as MessageEvent<string>).data) as { message_id: number };
      setMessages((list) => list.filter((m) => m.message_id !== message_id));
    });
    source.addEventListener('menu', (e) => setMenu((JSON.parse((e as MessageEvent<string>).data) as { menu_button: MenuButton | null }).menu_button));
    source.addEventListener('toast', (e) => {
      const { text, show_alert } = JSON.parse((e as MessageEvent<string>).data) as { text: string; show_alert: boolean };
      setToast({ id: Date.now(), text, alert: show_alert });
    });
    return () => source.close();
  }, [botId, chatId]);

  useEffect(() => {
    if (!toast || toast.alert) return;
    const timer = setTimeout(() => setToast(null), 3_000);
    return () => clearTimeout(timer);
  }, [toast]);

  return { messages, menu, toast, dismissToast: () => setToast(null), connected };
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
