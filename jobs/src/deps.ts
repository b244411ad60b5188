import type { Agenda } from 'agenda';
import type { Sequelize } from '@crm/database';
import type { CrmEvent, DeliverySettings as CoreDeliverySettings, JobQueue, Logger, Storage, TelegramClients, TelegramRateLimiter } from '@crm/core';
import type { JobsConfig } from './config.js';

export type DomainEvent = CrmEvent;

export interface DeliverySettings extends CoreDeliverySettings {
  /** Expense receipts: transient failures before the photo is given up on. */
  maxAttempts: number;
  /** Agenda lock lifetime of delivery and media jobs: a job whose worker died is taken over after it. */
  lockLifetimeMs: number;
  /** How often stranded messages (a dead sender's lease, a lost job) are handed to a sender again. */
  sweepEveryMs: number;
  /** Inbound media: a failed download keeps being retried for this long. */
  mediaRetryWindowMs: number;
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
