export * from './callback-data.js';
export * from './decide.js';
export * from './send.js';
export * from './format.js';
export * from './change-request-records.js';
