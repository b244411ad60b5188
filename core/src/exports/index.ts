export * from './table.js';
export * from './lead-export.js';
export * from './transaction-export.js';
export * from './project-export.js';
