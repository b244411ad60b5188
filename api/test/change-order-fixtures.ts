import { Estimate } from '@crm/database';
import type { bearer, TestApi } from './helpers.js';

/**
 * An estimate for the project, approved, and the project's stages from its sections (planned
 * budgets = the sections' shares of the total).
 */
export async function approveEstimateForProject(api: TestApi, auth: ReturnType<typeof bearer>, projectId: number, estimate: Record<string, unknown>) {
  const created = await api.http.post('/api/estimates').set(auth).send({ ...estimate, project_id: projectId });
  if (created.status !== 201) throw new Error(`estimate: ${created.status} ${JSON.stringify(created.body)}`);
  await Estimate.update({ status: 'approved', approved_at: new Date(), approved_via: 'back_office' }, { where: { id: created.body.id } });
  const stages: Record<string, number> = {};
  for (const [position, section] of (created.body.sections as Array<{ name: string; total: string }>).entries()) {
    const stage = await api.http.post('/api/stages').set(auth).send({ project_id: projectId, name: section.name, budget_planned: section.total, position });
    stages[section.name] = stage.body.id;
  }
  await api.http.put(`/api/projects/${projectId}`).set(auth).send({ budget_total: created.body.total });
  return { estimate: created.body as { id: number; total: string }, stages };
}
