// Public surface of @crm/telegram-sim: the Bot API stand-in the sandbox runs, for tests (through
// @crm/testing) and the benchmarks. The sandbox process itself starts from main.ts.
export * from './fake-telegram.js';
