import { exponential, when, type Agenda, type BackoffStrategy, type Job } from 'agenda';
import { isDomainError, parseJobPayload, type JobName, type JobPayload, type Logger } from '@crm/core';

export interface JobSpec<N extends JobName> {
  name: N;
  /** The work, on a payload already checked against the job's contract, with a logger naming the job. */
  run(payload: JobPayload<N>, context: { logger: Logger; job: Job }): Promise<unknown>;
  concurrency?: number;
  lockLimit?: number;
  lockLifetime?: number;
  removeOnComplete?: boolean;
  /**
   * Back-off for transient failures (the database or the network went away). `false` for recurring
   * ticks, whose next run is the retry. Refusals never retry, whatever this says.
   */
  retry?: BackoffStrategy | false;
}

/** Transient failures are tried again a few times, further and further apart. */
const DEFAULT_JOB_RETRY = exponential({ delay: 5_000, maxRetries: 5, jitter: 0.2 });

/** A refusal (a bad payload or a DomainError): running the job again would only refuse again. */
class JobRefused extends Error {
  override name = 'JobRefused';
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

/**
 * The one way a job is defined in the jobs process: its payload is parsed with its contract, a
 * DomainError (an invalid payload is one) fails the job for good, any other error is left to
 * Agenda's retry with back-off, and start, finish and failure are logged with the job's name.
 */
export function defineJob<N extends JobName>(agenda: Agenda, deps: { logger: Logger }, spec: JobSpec<N>): void {
  const retry = spec.retry === false ? undefined : (spec.retry ?? DEFAULT_JOB_RETRY);
  agenda.define(
    spec.name,
    async (job: Job) => {
      const logger = deps.logger.child({ job: spec.name, job_id: String(job.attrs._id), attempt: (job.attrs.failCount ?? 0) + 1 });
      const started = Date.now();
      logger.debug('job started');
      try {
        await spec.run(parseJobPayload(spec.name, job.attrs.data ?? {}), { logger, job });
      } catch (error) {
        if (isDomainError(error)) {
          logger.warn({ err: error, code: error.code }, 'job refused: failed without retry');
          throw new JobRefused(error);
        }
        logger.error({ err: error }, retry ? 'job failed: tried again with back-off' : 'job failed');
        throw error;
      }
      logger.debug({ duration_ms: Date.now() - started }, 'job finished');
    },
    {
      ...(spec.concurrency !== undefined ? { concurrency: spec.concurrency } : {}),
      ...(spec.lockLimit !== undefined ? { lockLimit: spec.lockLimit } : {}),
      ...(spec.lockLifetime !== undefined ? { lockLifetime: spec.lockLifetime } : {}),
      ...(spec.removeOnComplete !== undefined ? { removeOnComplete: spec.removeOnComplete } : {}),
      ...(retry ? { backoff: when((context) => !(context.error instanceof JobRefused), retry) } : {}),
    },
  );
}
