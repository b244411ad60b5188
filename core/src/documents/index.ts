export * from './pdf.js';
export * from './pdf-fonts.js';
export * from './format.js';
