export * from './units.js';
export * from './catalogue.schema.js';
export * from './import.service.js';
export * from './export.service.js';
export * from './catalogue.service.js';
