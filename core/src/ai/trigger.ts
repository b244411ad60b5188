import { ChatMessage } from '@crm/database';
import { JOBS } from '../jobs/contracts.js';
import type { JobQueue } from '../jobs/queue.js';

const DEFAULT_AI_DEBOUNCE_MS = 2500;

export interface TriggerLead {
  id: number;
  org_id: number;
  ai_enabled: boolean;
  needs_manager: boolean;
}

/**
 * Called after a lead's inbound message is stored: when the AI is on for the organization and the
 * lead, enqueues one `ai.qualify` turn. The job runs after a short delay and its key is the turn
 * (the last outbound message), so a burst of messages is answered once. Returns whether a turn was
 * requested.
 */
export async function onLeadInboundMessage(
  deps: { queue: JobQueue; debounceMs?: number },
  lead: TriggerLead,
  org: { id: number; ai_enabled: boolean },
  /** The lead's last outbound message id when the caller has just read it (undefined: read it here). */
  lastOutbound?: number | null,
): Promise<boolean> {
  if (!org.ai_enabled || !lead.ai_enabled || lead.needs_manager) return false;
  const lastOutboundId =
    lastOutbound !== undefined
      ? lastOutbound
      : await ChatMessage.max<number | null, ChatMessage>('id', {
          where: { org_id: lead.org_id, lead_id: lead.id, direction: 'outbound' },
        });
  const delay = deps.debounceMs ?? DEFAULT_AI_DEBOUNCE_MS;
  await deps.queue.enqueue(
    JOBS.aiQualify,
    { lead_id: lead.id, org_id: lead.org_id },
    { runAt: new Date(Date.now() + delay), uniqueKey: `ai.qualify:${lead.id}:after:${lastOutboundId ?? 0}` },
  );
  return true;
}
