import { exponential, type Agenda } from 'agenda';
import { deliverMessage as deliver, JOBS, pruneSendGates, requeueStrandedMessages, type DeliveryDeps } from '@crm/core';
import { defineJob } from '../define-job.js';
import type { JobDeps } from '../deps.js';

/** The delivery pipeline of core over this process's clients, limiter and settings. */
const deliveryDeps = (deps: JobDeps): DeliveryDeps => ({
  sequelize: deps.sequelize,
  queue: deps.queue,
  telegram: deps.telegram,
  limiter: deps.limiter,
  storage: deps.storage,
  publish: deps.publish,
  logger: deps.logger,
  settings: deps.delivery,
  ...(deps.config.PUBLIC_URL ? { publicUrl: deps.config.PUBLIC_URL } : {}),
});

export const deliverMessage = (deps: JobDeps, payload: { message_id: number }) => deliver(deliveryDeps(deps), payload);
export const requeueStuckMessages = (deps: JobDeps) => requeueStrandedMessages(deliveryDeps(deps));

export function define(agenda: Agenda, deps: JobDeps): void {
  defineJob(agenda, deps, {
    name: JOBS.telegramSend,
    run: (payload) => deliverMessage(deps, payload),
    concurrency: deps.config.JOBS_CONCURRENCY,
    // Lock no more than can run: on shutdown nothing sits locked-but-idle until its lock expires.
    lockLimit: deps.config.JOBS_CONCURRENCY,
    lockLifetime: deps.delivery.lockLifetimeMs,
    removeOnComplete: true,
    // Only for unexpected errors (the database went away); Telegram's answers are handled in core.
    retry: exponential({ delay: 2_000, maxRetries: 10, jitter: 0.2 }),
  });
  defineJob(agenda, deps, {
    name: JOBS.telegramSweep,
    async run() {
      await requeueStuckMessages(deps);
      await pruneSendGates(deps.sequelize);
    },
    concurrency: 1,
    // The sweep runs in milliseconds but is locked ahead of each run: a process that dies holding it
    // must not keep every other process from sweeping for the default two minutes.
    lockLifetime: Math.max(5_000, 2 * deps.delivery.sweepEveryMs),
    retry: false,
  });
  // One recurring job per name in the table, whatever the number of workers calling this.
  agenda
    .every(deps.delivery.sweepEveryMs, JOBS.telegramSweep, {}, { skipImmediate: true })
    .catch((error: unknown) => deps.logger.error({ err: error }, 'delivery sweep could not be scheduled'));
}
