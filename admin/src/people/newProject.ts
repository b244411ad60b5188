import type { LeadRecord } from '@crm/contracts';

/** What the back office knows about a lead when it opens a project from it: its id, and some of its fields. */
export type LeadForProject = Pick<LeadRecord, 'id'> & Partial<Pick<LeadRecord, 'name' | 'client_id' | 'manager_id' | 'address' | 'budget_amount'>>;

/** The project create form pre-filled from the lead: client, lead, manager, address, budget and a name. */
export function newProjectPath(lead: LeadForProject, clientId?: number | null): string {
  const source = {
    name: [lead.name, lead.address].filter(Boolean).join(', ') || `#${lead.id}`,
    lead_id: lead.id,
    client_id: clientId ?? lead.client_id ?? null,
    manager_id: lead.manager_id ?? null,
    address: lead.address ?? '',
    budget_total: lead.budget_amount ?? '0.00',
    status: 'planning',
  };
  return `/projects/create?source=${encodeURIComponent(JSON.stringify(source))}`;
}
