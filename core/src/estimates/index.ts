export * from './arithmetic.js';
export * from './schema.js';
export * from './estimate.service.js';
