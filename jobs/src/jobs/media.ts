import type { Agenda } from 'agenda';
import { ingestMedia, JOBS, type MediaIngestDeps } from '@crm/core';
import { defineJob } from '../define-job.js';
import type { JobDeps } from '../deps.js';

/** Core's ingest with this process's storage, Telegram clients and retry settings (read at each run). */
const ingestDeps = (deps: JobDeps): MediaIngestDeps => ({
  sequelize: deps.sequelize,
  storage: deps.storage,
  telegram: deps.telegram,
  queue: deps.queue,
  publish: deps.publish,
  logger: deps.logger,
  quotaBytes: deps.config.ORG_STORAGE_QUOTA_MB * 1024 * 1024,
  retry: { windowMs: deps.delivery.mediaRetryWindowMs, backoffBaseMs: deps.delivery.backoffBaseMs, backoffCapMs: deps.delivery.backoffCapMs },
});

export function define(agenda: Agenda, deps: JobDeps): void {
  defineJob(agenda, deps, {
    name: JOBS.mediaIngest,
    run: (payload) => ingestMedia(ingestDeps(deps), payload),
    concurrency: 4,
    // Downloading a large video takes longer than a send.
    lockLifetime: deps.delivery.lockLifetimeMs * 2.5,
    removeOnComplete: true,
  });
}
