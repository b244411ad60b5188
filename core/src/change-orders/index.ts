export * from './delta.js';
export * from './schema.js';
export * from './contract-state.js';
export * from './change-order.service.js';
export * from './format.js';
