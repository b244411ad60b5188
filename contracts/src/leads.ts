import type { LeadStatus, TimelineKind } from './enums.js';
import type { UserRecord } from './users.js';
import type { Moment } from './wire.js';

/** One item of a lead's timeline (GET /api/leads/:id/timeline). */
export interface TimelineItem {
  /** Unique within the lead's timeline, e.g. `note:12`; with `at` it orders the timeline. */
  key: string;
  at: string;
  kind: TimelineKind;
  actor: { id: number; name: string } | null;
  data: Record<string, unknown>;
}

export interface TimelinePage {
  items: TimelineItem[];
  /** Pass as `before` for the next (older) page; null at the end. */
  next: string | null;
}

/** GET /api/leads/:id/duplicates: another lead that is probably the same person. */
export interface LeadDuplicate {
  id: number;
  name: string;
  status: LeadStatus;
  phone: string | null;
  created_at: string;
  /** What the two leads share. */
  match: Array<'phone' | 'telegram'>;
}

/** GET /api/leads/totals: one Kanban column's count and budget per currency. */
export interface LeadColumnTotal {
  status: LeadStatus;
  count: number;
  /** One exact sum per currency (a lead without its own currency counts in the organization's). */
  budgets: { currency: string; amount: string }[];
}

/** GET /api/leads (the board's cards and the list), GET/PUT /api/leads/:id: a lead's own columns. */
export interface LeadRecord<Time extends Moment = string> {
  id: number;
  org_id: number;
  telegram_id: number | null;
  chat_id: number | null;
  client_id: number | null;
  manager_id: number | null;
  name: string;
  username: string | null;
  phone: string | null;
  language_code: string | null;
  status: LeadStatus;
  /** The card's place in its Kanban column. */
  position: number;
  source: string;
  ai_enabled: boolean;
  ai_summary: string | null;
  ai_paused_reason: string | null;
  work_type: string | null;
  area_m2: string | null;
  rooms: number | null;
  budget_amount: string | null;
  budget_currency: string | null;
  timing: string | null;
  property_type: string | null;
  address: string | null;
  hotness: number | null;
  hotness_reasons: string[];
  needs_manager: boolean;
  unreachable: boolean;
  lost_reason: string | null;
  unread_count: number;
  last_message_at: Time | null;
  last_activity_at: Time;
  status_changed_at: Time;
  created_at: Time;
  updated_at: Time;
}

/** GET /api/leads/sources: where the organization's leads came from (ad deep-link payloads among them), most leads first. */
export interface LeadSourceCount {
  source: string;
  count: number;
}

/** POST /api/leads/:id/make-client: the client the lead became (or was attached to) and the lead pointing at them. */
export interface MadeClientAnswer<Time extends Moment = string> {
  client: UserRecord<Time>;
  lead: LeadRecord<Time>;
  /** False when an existing client was attached (matched by Telegram id or phone) or the lead already had one. */
  created: boolean;
}
