export * from './slots.js';
export * from './appointment.schema.js';
export * from './appointment.service.js';
export * from './callback-data.js';
export * from './texts.js';
export * from './announce.js';
