export const LEAD_STATUSES = ['new', 'qualified', 'measurement', 'estimate', 'contract', 'won', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const WORK_TYPES = ['apartment', 'bathroom', 'kitchen', 'cosmetic', 'capital', 'design', 'other'] as const;
export const PROPERTY_TYPES = ['new_build', 'secondary'] as const;

export interface Lead {
  id: number;
  name: string;
  username: string | null;
  status: LeadStatus;
  position: number;
  source: string;
  budget_amount: string | null;
  area_m2: string | null;
  work_type: string | null;
  hotness: number | null;
  manager_id: number | null;
  client_id?: number | null;
  address?: string | null;
  ai_enabled: boolean;
  unread_count: number;
  needs_manager: boolean;
  last_activity_at: string;
}

/** Leads grouped by column, each column ordered by its Kanban position. */
export function groupByStatus(leads: Lead[]): Record<LeadStatus, Lead[]> {
  const columns = Object.fromEntries(LEAD_STATUSES.map((s) => [s, [] as Lead[]])) as Record<LeadStatus, Lead[]>;
  for (const lead of leads) columns[lead.status]?.push(lead);
  for (const status of LEAD_STATUSES) columns[status].sort((a, b) => a.position - b.position);
  return columns;
}

/**
 * Moves a card between columns on screen exactly as the server will: the target index becomes the position
 * (the server clamps it), positions below shift by one.
 */
export function applyMove(columns: Record<LeadStatus, Lead[]>, leadId: number, to: LeadStatus, index: number) {
  const next = Object.fromEntries(LEAD_STATUSES.map((s) => [s, columns[s].filter((l) => l.id !== leadId)])) as Record<LeadStatus, Lead[]>;
  const lead = LEAD_STATUSES.flatMap((s) => columns[s]).find((l) => l.id === leadId);
  if (!lead) return columns;
  next[to].splice(index, 0, { ...lead, status: to });
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
  !['won', 'lost'].includes(lead.status) && now - new Date(lead.last_activity_at).getTime() > staleDays * 86_400_000;
