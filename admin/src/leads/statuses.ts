import { CLOSED_LEAD_STATUSES, type LeadRecord, type LeadStatus } from '@crm/contracts';

export { LEAD_STATUSES, PROPERTY_TYPES, WORK_TYPES } from '@crm/contracts';
export type { LeadStatus };

/** A lead's card as GET /api/leads answers it. */
export type Lead = LeadRecord;

const CLOSED_STATUSES: readonly LeadStatus[] = CLOSED_LEAD_STATUSES;
/** Won and lost columns show this many recent days unless the manager asks for all of them. */
export const CLOSED_WINDOW_DAYS = 30;
/** Cards one column page holds. */
export const COLUMN_PAGE_SIZE = 20;

/** A column as loaded so far: pages of cards in position order. */
export type ColumnPages = Lead[][];

export const withoutLead = (pages: ColumnPages, leadId: number): ColumnPages => pages.map((page) => page.filter((l) => l.id !== leadId));

/**
 * Puts a card at `index` of a loaded column exactly as the server will (the index becomes the position,
 * cards below shift by one). The card lands in the page holding that index, or the last page.
 */
export function withLeadAt(pages: ColumnPages, lead: Lead, index: number): ColumnPages {
  const next = pages.length ? pages.map((page) => [...page]) : [[]];
  let offset = 0;
  for (let p = 0; p < next.length; p++) {
    const last = p === next.length - 1;
    if (index <= offset + next[p].length && (index < offset + next[p].length || last)) {
      next[p].splice(index - offset, 0, lead);
      return next;
    }
    offset += next[p].length;
  }
  next[next.length - 1].push(lead);
  return next;
}

/**
 * The server position for a drop at `index` of a (possibly filtered) column: the position of the card it lands
 * before. Within one column the server first closes the gap the card leaves, so positions below it shift up.
 */
export function serverPosition(column: Lead[], index: number, lead: Lead) {
  const others = column.filter((l) => l.id !== lead.id);
  const sameColumn = column.some((l) => l.id === lead.id);
  const raw = index < others.length ? others[index].position : others.length ? others[others.length - 1].position + 1 : 0;
  return sameColumn && raw > lead.position ? raw - 1 : raw;
}

export const isStale = (lead: Pick<Lead, 'last_activity_at' | 'status'>, staleDays: number, now = Date.now()) =>
  !CLOSED_STATUSES.includes(lead.status) && now - new Date(lead.last_activity_at).getTime() > staleDays * 86_400_000;
