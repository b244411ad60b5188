export * from './pdf.js';
export * from './pdf-fonts.js';
export * from './format.js';
export * from './document-records.js';
