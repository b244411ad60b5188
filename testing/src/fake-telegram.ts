// The Bot API stand-in is product code of the Telegram sandbox (telegram-sim runs it under `npm start`);
// tests get it from here so they depend on one test package.
export * from '@crm/telegram-sim';
