export * from './arithmetic.js';
export * from './schema.js';
export * from './estimate.service.js';
export * from './estimate-pdf.js';
export * from './estimate-pdf-store.js';
