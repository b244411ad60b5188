import type { Agenda } from 'agenda';
import { JOBS, storeReceipt, type ReceiptStoreDeps } from '@crm/core';
import { defineJob } from '../define-job.js';
import type { JobDeps } from '../deps.js';

/** Core's receipt store with this process's storage, Telegram clients and retry settings (read at each run). */
const receiptDeps = (deps: JobDeps): ReceiptStoreDeps => ({
  sequelize: deps.sequelize,
  storage: deps.storage,
  telegram: deps.telegram,
  queue: deps.queue,
  logger: deps.logger,
  quotaBytes: deps.config.ORG_STORAGE_QUOTA_MB * 1024 * 1024,
  retry: { maxAttempts: deps.delivery.maxAttempts, backoffBaseMs: deps.delivery.backoffBaseMs },
});

export function define(agenda: Agenda, deps: JobDeps): void {
  defineJob(agenda, deps, {
    name: JOBS.expenseReceipt,
    run: (payload) => storeReceipt(receiptDeps(deps), payload),
    concurrency: 2,
    lockLifetime: 5 * 60_000,
    removeOnComplete: true,
  });
}
