export { createWorker, type Worker, type WorkerOptions } from './worker.js';
export { jobsConfigSchema, loadJobsConfig, type JobsConfig } from './config.js';
export type { DefineJobs, DeliverySettings, JobDeps } from './deps.js';
