export * from './template.js';
export * from './contract.service.js';
