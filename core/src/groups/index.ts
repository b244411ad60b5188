export * from './telegram-groups.js';
export * from './group-link.js';
