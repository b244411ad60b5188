export * from './init-data.js';
export * from './session.js';
export * from './portal.js';
export * from './feed.js';
export * from './app-url.js';
