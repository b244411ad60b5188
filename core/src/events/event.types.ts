import { z } from 'zod';
import { EVENT_TYPES, type CrmEvent } from '@crm/contracts';

export const EVENT_CHANNEL = 'crm_events';

/** What travels through NOTIFY: ids only; subscribers load the rows they need (the shapes live in contracts). */
export type { CrmEvent } from '@crm/contracts';

/** Publishes an event on the real-time stream (bound to a connection by each process; see publishEvent). */
export type PublishEvent = (event: CrmEvent) => Promise<void>;

const optionalId = z.number().int().positive().nullable().optional();

export const crmEventSchema = z.object({
  org_id: z.number().int().positive(),
  type: z.enum(EVENT_TYPES),
  data: z.object({ id: z.number().int().positive(), lead_id: optionalId, user_id: optionalId, conversation: z.string().max(40).nullable().optional() }),
});
