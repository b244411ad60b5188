export * from './read.js';
export * from './mapping.js';
export * from './write.js';
export * from './dates.js';
