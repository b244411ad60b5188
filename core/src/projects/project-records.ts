import { Project, ProjectWorker, Stage, User, type SqlTransaction } from '@crm/database';
import { byPosition } from '../columns.js';
import { DomainError } from '../errors.js';
import type { Actor } from '../people/user-records.js';

/** The workers put on a project: workers of the organization only; the list given replaces the old one. */
async function setWorkers(actor: Actor, project: Project, workerIds: number[] | undefined, transaction: SqlTransaction): Promise<void> {
  if (!workerIds) return;
  const ids = [...new Set(workerIds)];
  const found = await User.count({ where: { id: ids, org_id: actor.org_id, role: 'worker' }, transaction });
  if (found !== ids.length)
    throw new DomainError('validation', 'worker_ids must list workers of your organization', { fields: { worker_ids: 'unknown worker' } });
  await ProjectWorker.destroy({ where: { project_id: project.id }, transaction });
  await ProjectWorker.bulkCreate(
    ids.map((user_id) => ({ project_id: project.id, user_id, org_id: actor.org_id })),
    { transaction },
  );
}

export async function createProject(actor: Actor, values: Record<string, unknown>, transaction: SqlTransaction): Promise<Project> {
  const { worker_ids, ...rest } = values as { worker_ids?: number[] };
  const project = await Project.create({ ...rest, org_id: actor.org_id } as never, { transaction });
  await setWorkers(actor, project, worker_ids, transaction);
  return project;
}

export async function applyProjectChanges(actor: Actor, project: Project, values: Record<string, unknown>, transaction: SqlTransaction): Promise<void> {
  const { worker_ids, ...rest } = values as { worker_ids?: number[] };
  project.set(rest as never);
  await setWorkers(actor, project, worker_ids, transaction);
}

/** The project's stages in their order. */
export function projectStages(orgId: number, projectId: number, transaction?: SqlTransaction): Promise<Stage[]> {
  return Stage.findAll({ where: { org_id: orgId, project_id: projectId }, order: byPosition(), transaction });
}
