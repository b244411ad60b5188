// Update builders live with the Telegram Bot API stand-in (telegram-sim/); tests keep importing them from here.
export * from '../../../telegram-sim/src/telegram-updates.js';
