export * from './parse.js';
export * from './measurement-draft.js';
export * from './measurement.service.js';
