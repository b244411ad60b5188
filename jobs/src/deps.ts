import type { Agenda } from 'agenda';
import type { Sequelize } from '@crm/database';
import type { CrmEvent, JobQueue, Logger, Storage, TelegramClients, TelegramRateLimiter } from '@crm/core';
import type { JobsConfig } from './config.js';

export type DomainEvent = CrmEvent;

export interface DeliverySettings {
  /** Transient failures (5xx, network) before a message is marked failed. */
  maxAttempts: number;
  /** First retry delay; doubles with each attempt. */
  backoffBaseMs: number;
  /** A send waits in-process for its rate-limit slot up to this long; beyond it the job is rescheduled. */
  maxRateWaitMs: number;
  /** A message left in `sending` longer than this belonged to a worker that died: it is sent again. */
  sendingStaleMs: number;
  /** Agenda lock lifetime of delivery and media jobs: a job whose worker died is taken over after it. */
  lockLifetimeMs: number;
}

/** Everything a job group gets in `define(agenda, deps)`. */
export interface JobDeps {
  config: Readonly<JobsConfig>;
  sequelize: Sequelize;
  agenda: Agenda;
  queue: JobQueue;
  logger: Logger;
  telegram: TelegramClients;
  limiter: TelegramRateLimiter;
  storage?: Storage;
  publish(event: DomainEvent): Promise<void>;
  delivery: DeliverySettings;
}

export type DefineJobs = (agenda: Agenda, deps: JobDeps) => void;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with ±20% jitter, so retries of many messages do not arrive together. */
export function backoffDelay(baseMs: number, attempt: number, capMs = 5 * 60_000): number {
  const raw = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}
