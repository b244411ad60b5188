import { z } from 'zod';

export const EVENT_CHANNEL = 'crm_events';

export const EVENT_TYPES = ['message.created', 'message.updated', 'lead.updated', 'notification.created', 'conversation.updated', 'note.created'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * What travels through NOTIFY: ids only (a NOTIFY payload is capped at 8 kB). Subscribers load the
 * rows they need. `id` is the id of the row the type names (message, lead or notification).
 */
export interface EventData {
  id: number;
  lead_id?: number | null;
  user_id?: number | null;
  /** The conversation's key (`lead-5`) for `conversation.updated` and `note.created`. */
  conversation?: string | null;
}

export interface CrmEvent {
  org_id: number;
  type: EventType;
  data: EventData;
}

/** Publishes an event on the real-time stream (bound to a connection by each process; see publishEvent). */
export type PublishEvent = (event: CrmEvent) => Promise<void>;

const optionalId = z.number().int().positive().nullable().optional();

export const crmEventSchema = z.object({
  org_id: z.number().int().positive(),
  type: z.enum(EVENT_TYPES),
  data: z.object({ id: z.number().int().positive(), lead_id: optionalId, user_id: optionalId, conversation: z.string().max(40).nullable().optional() }),
});
