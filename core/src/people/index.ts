export * from './make-client.js';
export * from './link-telegram.js';
export * from './link-tokens.js';
export * from './take-over.js';
export * from './recognise.js';
export * from './lead-phone.js';
export * from './profile.js';
export * from './country.js';
