// The Telegram Bot API stand-in lives in its own workspace (telegram-sim/); tests keep importing it from here.
export * from '../../../telegram-sim/src/fake-telegram.js';
