import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'node-telegram-bot-api';
import { TelegramApiError } from 'node-telegram-bot-api';
import type { BotContext } from '../context.js';

type Markup = { reply_markup?: InlineKeyboardMarkup | ReplyKeyboardMarkup };

/** The bot's own dialog message a button was tapped on (absent for typed input and old or inline messages). */
function tappedMessage(ctx: BotContext): { chat_id: number; message_id: number } | null {
  const message = ctx.callbackQuery?.message;
  if (!message || !('chat' in message) || !message.message_id) return null;
  return { chat_id: message.chat.id, message_id: message.message_id };
}

// Telegram answers 400 "message is not modified" when the screen is already what we show: nothing to do.
const notModified = (error: unknown) => error instanceof TelegramApiError && /message is not modified/i.test(error.description);

/**
 * Shows a dialog screen. A step reached by tapping a button replaces the tapped message in place
 * (text and buttons), so the chat keeps one live dialog message; typed input, photos and a message
 * that can no longer be edited (too old, deleted) get a new message instead.
 */
export async function present(ctx: BotContext, text: string, options: Markup): Promise<void> {
  const target = tappedMessage(ctx);
  const inline = options.reply_markup && 'inline_keyboard' in options.reply_markup ? options.reply_markup : undefined;
  if (target && (inline || !options.reply_markup)) {
    try {
      await ctx.api.editMessageText({ ...target, text, ...(inline ? { reply_markup: inline } : {}) });
      return;
    } catch (error) {
      if (notModified(error)) return;
      ctx.crm.logger.debug({ err: error }, 'dialog message not editable; sending a new one');
    }
  }
  await ctx.reply(text, options);
}

/**
 * The dialog ends (sent, saved, cancelled) with a message that carries the menu keyboard, which an
 * edit cannot attach: the tapped message only loses its buttons, so no stale button stays live.
 */
export async function closeTappedMessage(ctx: BotContext): Promise<void> {
  const target = tappedMessage(ctx);
  if (!target) return;
  await ctx.api.editMessageReplyMarkup({ ...target, reply_markup: { inline_keyboard: [] } }).catch((error: unknown) => {
    if (!notModified(error)) ctx.crm.logger.debug({ err: error }, 'dialog buttons not removed');
  });
}
