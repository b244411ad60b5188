export * from './links.js';
export * from './staff-telegram.js';
