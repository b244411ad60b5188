import type { Agenda } from 'agenda';
import { exponential } from 'agenda';
import { createAiService, JOBS, parseJobPayload, runAiTurn, type AiService } from '@crm/core';
import type { JobDeps } from '../deps.js';

/** `ai.qualify { lead_id }`: one AI turn for a lead (see runAiTurn in core). */
export function define(agenda: Agenda, deps: JobDeps): void {
  const ai: AiService = createAiService(deps.config, { logger: deps.logger.child({ component: 'ai' }) });
  deps.logger.info({ engine: ai.enabled ? 'openrouter' : 'rules', model: ai.enabled ? ai.model : null }, 'ai qualification ready');
  agenda.define(
    JOBS.aiQualify,
    async (job) => {
      const payload = parseJobPayload(JOBS.aiQualify, job.attrs.data);
      const logger = deps.logger.child({ job: JOBS.aiQualify, lead_id: payload.lead_id });
      const result = await runAiTurn(
        { sequelize: deps.sequelize, queue: deps.queue, ai, publish: deps.publish, logger, debounceMs: deps.config.AI_DEBOUNCE_MS,
          ...(deps.config.PUBLIC_URL ? { publicUrl: deps.config.PUBLIC_URL } : {}) },
        payload,
      );
      if (result.status !== 'answered') logger.debug({ result }, 'ai turn not answered');
    },
    {
      concurrency: 5,
      lockLimit: 5,
      // A model call with its retries can take a while; beyond this another worker may take the job over.
      lockLifetime: 5 * 60_000,
      removeOnComplete: true,
      // Only unexpected errors (the database went away) reach here: model failures fall back inside the turn.
      backoff: exponential({ delay: 5_000, maxRetries: 3, jitter: 0.2 }),
    },
  );
}
