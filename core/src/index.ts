// Public surface of @crm/core. Each feature adds its exports here, one block per feature.
export * from './errors.js';
export * from './validation.js';
export * from './config/env.js';
export * from './config/load.js';
export * from './logger.js';
export * from './auth/password.js';
export * from './auth/tokens.js';
export * from './storage/index.js';
export * from './events/index.js';
