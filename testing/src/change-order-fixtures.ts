import { User } from '@crm/database';

type Call = (method: 'POST' | 'PUT' | 'GET', url: string, body?: unknown) => Promise<unknown>;

interface ApprovedEstimate {
  id: number;
  total: string;
  sections: Array<{ name: string; total: string }>;
}

/**
 * An estimate for the project, made the way a manager does it: created, sent to the client in
 * Telegram and approved in the back office. The approval (core) makes the stages from the sections
 * (planned budgets = the sections' shares of the total) and the contract = the estimate's total.
 * The estimate goes to the client's Telegram, so a project without a client gets one, and a client
 * without Telegram is linked (in the product by a contact shared with the bot).
 * Needs an api with media storage and a job queue.
 */
export async function approveEstimateForProject(call: Call, projectId: number, estimate: Record<string, unknown>) {
  const project = (await call('GET', `/projects/${projectId}`)) as { client_id: number | null };
  let clientId = project.client_id;
  if (!clientId) {
    clientId = ((await call('POST', '/users', { name: 'Клиент Тестов', role: 'client' })) as { id: number }).id;
    await call('PUT', `/projects/${projectId}`, { client_id: clientId });
  }
  const client = (await User.findByPk(clientId))!;
  if (!client.telegram_id) await client.update({ telegram_id: 700_000_000 + Math.floor(Math.random() * 1e8) });

  const created = (await call('POST', '/estimates', { ...estimate, project_id: projectId })) as { id: number };
  await call('POST', `/estimates/${created.id}/send`);
  const approved = (await call('POST', `/estimates/${created.id}/approve`)) as { estimate: ApprovedEstimate; project_id: number };
  if (approved.project_id !== projectId) throw new Error(`the approval filled project ${approved.project_id}, not ${projectId}`);
  const filter = encodeURIComponent(JSON.stringify({ project_id: projectId }));
  const rows = (await call('GET', `/stages?filter=${filter}&range=[0,99]`)) as Array<{ id: number; name: string }>;
  const stages = Object.fromEntries(rows.map((s) => [s.name, s.id]));
  return { estimate: approved.estimate, stages };
}
