import { Estimate } from '@crm/database';

type Call = (method: 'POST' | 'PUT' | 'GET', url: string, body?: unknown) => Promise<unknown>;

/**
 * An estimate for the project, approved, and the project's stages from its sections (planned
 * budgets = the sections' shares of the total), the contract = the estimate's total.
 */
export async function approveEstimateForProject(call: Call, projectId: number, estimate: Record<string, unknown>) {
  const created = await call('POST', '/estimates', { ...estimate, project_id: projectId }) as { id: number; total: string; sections: Array<{ name: string; total: string }> };
  await Estimate.update({ status: 'approved', approved_at: new Date(), approved_via: 'back_office' }, { where: { id: created.id } });
  const stages: Record<string, number> = {};
  for (const [position, section] of created.sections.entries()) {
    const stage = await call('POST', '/stages', { project_id: projectId, name: section.name, budget_planned: section.total, position }) as { id: number };
    stages[section.name] = stage.id;
  }
  await call('PUT', `/projects/${projectId}`, { budget_total: created.total });
  return { estimate: created, stages };
}
