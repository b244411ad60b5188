import { QueryTypes, type Sequelize, type SqlTransaction } from '@crm/database';
import { DomainError } from '../errors.js';

/** Projects a worker may report on: assigned in `project_workers`, still active or planned. */
const OPEN_PROJECT_STATUSES = ['planning', 'active', 'paused'] as const;

interface AssignedStage {
  id: number;
  name: string;
  status: string;
  progress_pct: number;
}

export interface AssignedProject {
  id: number;
  name: string;
  address: string;
  status: string;
  stages: AssignedStage[];
}

interface Scope {
  org_id: number;
  user_id: number;
}

export async function listAssignedProjects(sequelize: Sequelize, { org_id, user_id }: Scope, transaction?: SqlTransaction): Promise<AssignedProject[]> {
  const projects = await sequelize.query<Omit<AssignedProject, 'stages'>>(
    `SELECT p.id, p.name, p.address, p.status::text AS status
       FROM project_workers pw JOIN projects p ON p.id = pw.project_id AND p.org_id = pw.org_id
      WHERE pw.org_id = :org_id AND pw.user_id = :user_id AND p.status::text IN (:statuses)
      ORDER BY p.name, p.id`,
    { replacements: { org_id, user_id, statuses: OPEN_PROJECT_STATUSES }, type: QueryTypes.SELECT, transaction },
  );
  if (!projects.length) return [];
  const stages = await sequelize.query<AssignedStage & { project_id: number }>(
    `SELECT id, project_id, name, status::text AS status, progress_pct FROM stages
      WHERE org_id = :org_id AND project_id IN (:ids) ORDER BY position, id`,
    { replacements: { org_id, ids: projects.map((p) => p.id) }, type: QueryTypes.SELECT, transaction },
  );
  return projects.map((p) => ({
    ...p,
    stages: stages.filter((s) => s.project_id === p.id).map(({ project_id: _, ...s }) => s),
  }));
}

/**
 * Refuses (forbidden) a project the worker is not assigned to, whatever the bot button claimed, and
 * (not_found) a stage that is not part of that project. Returns the project's name and stage's name.
 */
export async function assertAssignment(
  sequelize: Sequelize,
  { org_id, user_id, project_id, stage_id }: Scope & { project_id: number; stage_id?: number | null },
  transaction?: SqlTransaction,
): Promise<{ project_name: string; stage_name: string | null; manager_id: number | null; client_id: number | null }> {
  const [row] = await sequelize.query<{ name: string; manager_id: number | null; client_id: number | null }>(
    `SELECT p.name, p.manager_id, p.client_id FROM project_workers pw JOIN projects p ON p.id = pw.project_id AND p.org_id = pw.org_id
      WHERE pw.org_id = :org_id AND pw.user_id = :user_id AND pw.project_id = :project_id AND p.status::text IN (:statuses)`,
    { replacements: { org_id, user_id, project_id, statuses: OPEN_PROJECT_STATUSES }, type: QueryTypes.SELECT, transaction },
  );
  if (!row) throw new DomainError('forbidden', 'The worker is not assigned to this project', { fields: { project_id: 'is not one of your projects' } });
  if (stage_id == null) return { project_name: row.name, stage_name: null, manager_id: row.manager_id, client_id: row.client_id };
  const [stage] = await sequelize.query<{ name: string }>('SELECT name FROM stages WHERE org_id = :org_id AND project_id = :project_id AND id = :stage_id', {
    replacements: { org_id, project_id, stage_id },
    type: QueryTypes.SELECT,
    transaction,
  });
  if (!stage) throw new DomainError('not_found', 'Stage not found in this project', { fields: { stage_id: 'is not a stage of this project' } });
  return { project_name: row.name, stage_name: stage.name, manager_id: row.manager_id, client_id: row.client_id };
}
