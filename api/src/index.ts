// Public surface of @crm/api, for other workspaces' tests (the api process itself starts from main.ts).
export { apiConfigSchema, loadApiConfig, type ApiConfig } from './config.js';
