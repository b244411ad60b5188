import type { Agenda } from 'agenda';
import { JOBS, parseJobPayload, storeReceipt, type ReceiptStoreDeps } from '@crm/core';
import type { JobDeps } from '../deps.js';

/** Core's receipt store with this process's storage, Telegram clients and retry settings (read at each run). */
const receiptDeps = (deps: JobDeps): ReceiptStoreDeps => ({
  sequelize: deps.sequelize, storage: deps.storage, telegram: deps.telegram, queue: deps.queue, logger: deps.logger,
  quotaBytes: deps.config.ORG_STORAGE_QUOTA_MB * 1024 * 1024,
  retry: { maxAttempts: deps.delivery.maxAttempts, backoffBaseMs: deps.delivery.backoffBaseMs },
});

export function define(agenda: Agenda, deps: JobDeps): void {
  agenda.define(JOBS.expenseReceipt, async (job) => { await storeReceipt(receiptDeps(deps), parseJobPayload(JOBS.expenseReceipt, job.attrs.data)); }, {
    concurrency: 2,
    lockLifetime: 5 * 60_000,
    removeOnComplete: true,
  });
}
