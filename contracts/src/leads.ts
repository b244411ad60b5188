import type { LeadStatus, TimelineKind } from './enums.js';

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
