/** What the back office knows about a lead when it opens a project from it. */
export interface LeadForProject {
  id: number;
  name?: string | null;
  client_id?: number | null;
  manager_id?: number | null;
  address?: string | null;
  budget_amount?: string | null;
}

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
