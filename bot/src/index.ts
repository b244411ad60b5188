// Public surface of @crm/bot, for other workspaces' tests and the benchmarks.
export { buildBotApp, type BotAppDeps } from './app.js';
export { BotManager, type RunningBot } from './bot-manager.js';
export { botConfigSchema, loadBotConfig, type BotConfig } from './config.js';
export * from './context.js';
export { features } from './features/index.js';
