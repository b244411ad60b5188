import { exponential, type Agenda } from 'agenda';
import { createAiService, JOBS, runAiTurn, type AiService } from '@crm/core';
import { defineJob } from '../define-job.js';
import type { JobDeps } from '../deps.js';

/** `ai.qualify { lead_id }`: one AI turn for a lead (see runAiTurn in core). */
export function define(agenda: Agenda, deps: JobDeps): void {
  const ai: AiService = createAiService(deps.config, { logger: deps.logger.child({ component: 'ai' }) });
  deps.logger.info({ engine: ai.enabled ? 'openrouter' : 'rules', model: ai.enabled ? ai.model : null }, 'ai qualification ready');
  defineJob(agenda, deps, {
    name: JOBS.aiQualify,
    async run(payload, context) {
      const logger = context.logger.child({ lead_id: payload.lead_id });
      const result = await runAiTurn(
        {
          sequelize: deps.sequelize,
          queue: deps.queue,
          ai,
          publish: deps.publish,
          logger,
          debounceMs: deps.config.AI_DEBOUNCE_MS,
          ...(deps.config.PUBLIC_URL ? { publicUrl: deps.config.PUBLIC_URL } : {}),
        },
        payload,
      );
      if (result.status !== 'answered') logger.debug({ result }, 'ai turn not answered');
    },
    concurrency: 5,
    lockLimit: 5,
    // A turn's model calls share one deadline; past twice that, the worker is taken to be gone and another
    // takes the job over (also what a lock cut off by a database restart costs the lead).
    lockLifetime: Math.max(60_000, 2 * deps.config.AI_DEADLINE_MS),
    removeOnComplete: true,
    // Only unexpected errors (the database went away) reach here: model failures fall back inside the turn.
    retry: exponential({ delay: 5_000, maxRetries: 3, jitter: 0.2 }),
  });
}
