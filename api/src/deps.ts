import type { Readable } from 'node:stream';
import type { Sequelize } from '@crm/database';
import type { EventHub, JobQueue, Logger, SessionVerifier, Storage } from '@crm/core';
import type { Agenda } from 'agenda';
import type { ApiConfig } from './config.js';

/** The slice of the storage service the api needs: structural, so any backend fits. */
export interface BlobStore {
  put(key: string, body: Buffer | Readable, meta: { contentType?: string }): Promise<unknown>;
  remove?(key: string): Promise<unknown>;
  signedUrl(key: string, ttlSeconds: number): Promise<string>;
}

export interface ApiDeps {
  config: ApiConfig;
  sequelize: Sequelize;
  logger: Logger;
  storage?: BlobStore & Partial<Pick<Storage, 'get' | 'exists'>>;
  /** Producer side of the jobs queue (outbound Telegram delivery, media ingest, AI). */
  queue?: JobQueue;
  /** The queue's Agenda (not processing): read by the operators' jobs dashboard. */
  agenda?: Agenda;
  /** Real-time events of every organization, fanned out from PostgreSQL NOTIFY. */
  events?: EventHub;
  /** Extra health checks reported by /api/health. */
  healthChecks?: Record<string, () => Promise<unknown>>;
  /** Checks tokens against the users' rows (default: a short-lived cache over this database). */
  sessions?: SessionVerifier;
}
