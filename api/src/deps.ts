import type { Sequelize } from '@crm/database';
import type { Logger } from '@crm/core';
import type { ApiConfig } from './config.js';

/** The slice of the storage service the api needs: structural, so any backend fits. */
export interface BlobStore {
  put(key: string, body: Buffer, meta: { contentType?: string }): Promise<unknown>;
  signedUrl(key: string, ttlSeconds: number): Promise<string>;
}

export interface ApiDeps {
  config: ApiConfig;
  sequelize: Sequelize;
  logger: Logger;
  storage?: BlobStore;
  /** Extra services wired by main.ts (job queue, event hub); routers that need them check for them. */
  services?: Record<string, unknown>;
  /** Extra health checks reported by /api/health. */
  healthChecks?: Record<string, () => Promise<unknown>>;
}
