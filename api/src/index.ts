// Public surface of @crm/api, for other workspaces' tests (the api process itself starts from main.ts).
export { buildApp } from './app.js';
export { apiConfigSchema, loadApiConfig, type ApiConfig } from './config.js';
export type { ApiDeps, BlobStore } from './deps.js';
