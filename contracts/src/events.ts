import type { EventType } from './enums.js';
import type { ConversationView, MessageView, NoteView } from './chat.js';
import type { Moment } from './wire.js';

/**
 * What travels through PostgreSQL NOTIFY between processes: ids only (a payload is capped at 8 kB).
 * `id` is the id of the row the type names (message, lead, notification or note).
 */
interface EventData {
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

/** A staff notification as GET /api/notifications answers it; `link` is the back-office route it opens. */
export interface NotificationView<Time extends Moment = string> {
  id: number;
  org_id?: number;
  user_id: number | null;
  type: string;
  title: string;
  body: string;
  payload: Record<string, unknown>;
  read_at: Time | null;
  created_at: Time;
  link: string;
}

/**
 * The events of GET /api/events (Server-Sent Events, `event: <type>`, `data: <JSON>`): each carries the
 * full serialized row, so the back office applies it without refetching. `ready` opens the stream.
 */
export type StreamEvent<Time extends Moment = string> =
  | { type: 'message.created' | 'message.updated'; conversation_id: string | null; message: MessageView<Time>; conversation: ConversationView<Time> | null }
  | { type: 'lead.updated'; conversation_id: string; lead: Record<string, unknown> & { id: number }; conversation: ConversationView<Time> | null }
  | { type: 'notification.created'; notification: NotificationView<Time> }
  | { type: 'conversation.updated'; conversation_id: string; conversation: ConversationView<Time> }
  | { type: 'note.created'; conversation_id: string; note: NoteView<Time> };

/** Every event the stream sends, `ready` included. */
export const STREAM_EVENT_TYPES = [
  'ready',
  'message.created',
  'message.updated',
  'lead.updated',
  'notification.created',
  'conversation.updated',
  'note.created',
] as const;
