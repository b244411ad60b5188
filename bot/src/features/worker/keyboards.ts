import type { InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'node-telegram-bot-api';
import { encodeCallback, type StepName, type WorkerAction } from './callback-data.js';
import type { WorkerTexts } from './texts.js';

export function menuKeyboard(t: WorkerTexts): ReplyKeyboardMarkup {
  return { keyboard: [[{ text: t.menuReport }, { text: t.menuExpense }], [{ text: t.menuProjects }]], resize_keyboard: true, is_persistent: true };
}

export function sharePhoneKeyboard(t: WorkerTexts): ReplyKeyboardMarkup {
  return { keyboard: [[{ text: t.sharePhone, request_contact: true }]], resize_keyboard: true, one_time_keyboard: true };
}

/** Buttons of one screen of a dialog: each carries the dialog's nonce and the screen's step. */
export function stepButtons(nonce: string, step: StepName) {
  const button = (text: string, action: WorkerAction): InlineKeyboardButton => ({ text, callback_data: encodeCallback({ nonce, step, action }) });
  const markup = (rows: InlineKeyboardButton[][], t: WorkerTexts, { back = true } = {}): InlineKeyboardMarkup => ({
    inline_keyboard: [...rows, back ? [button(t.back, { action: 'back' }), button(t.cancel, { action: 'cancel' })] : [button(t.cancel, { action: 'cancel' })]],
  });
  return { button, markup };
}
