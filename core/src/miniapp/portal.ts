import { QueryTypes, type Sequelize } from '@crm/database';
import { notFound } from '../errors.js';
import { projectFigures, projectFiguresFor } from '../projects/summary.js';
import type { ClientProjectDashboard, ClientProjectSummary } from '@crm/contracts';

/** A client's view: only projects of this organization whose client is this user. */
export interface ClientScope {
  org_id: number;
  client_id: number;
}

/** A client's project in the list (the wire shape lives in contracts). */
export type ProjectSummary = ClientProjectSummary;

export async function listClientProjects(sequelize: Sequelize, scope: ClientScope): Promise<ProjectSummary[]> {
  const rows = await sequelize.query<Omit<ProjectSummary, 'progress_pct' | 'pending_change_requests'>>(
    `SELECT p.id, p.name, p.address, p.status, p.budget_total
       FROM projects p
      WHERE p.org_id = :org_id AND p.client_id = :client_id AND p.status <> 'cancelled'
      ORDER BY (p.status = 'active') DESC, p.updated_at DESC, p.id DESC`,
    { replacements: { ...scope }, type: QueryTypes.SELECT },
  );
  const figures = await projectFiguresFor(
    sequelize,
    scope.org_id,
    rows.map((r) => r.id),
  );
  return rows.map((row) => {
    const f = figures.get(row.id);
    return { ...row, progress_pct: f?.progress_pct ?? 0, pending_change_requests: f?.pending_change_requests ?? 0 };
  });
}

/** Throws not_found unless the project is this client's (whatever the id: another org's answers the same). */
export async function assertClientProject(sequelize: Sequelize, scope: ClientScope, projectId: number): Promise<void> {
  const rows = await sequelize.query('SELECT 1 FROM projects WHERE id = :projectId AND org_id = :org_id AND client_id = :client_id', {
    replacements: { ...scope, projectId },
    type: QueryTypes.SELECT,
  });
  if (!rows.length) throw notFound('Project');
}

/** The project's progress, stages, money (projects/summary.ts) and plan against fact (projects/stage-figures.ts). */
export type ProjectDashboard = ClientProjectDashboard;

export async function projectDashboard(sequelize: Sequelize, scope: ClientScope, projectId: number): Promise<ProjectDashboard> {
  const [project] = await sequelize.query<Omit<ProjectDashboard, 'stages' | 'money' | 'plan_fact' | 'progress_pct' | 'pending_change_requests'>>(
    `SELECT p.id, p.name, p.address, p.status, p.start_date, p.end_date, p.budget_total
       FROM projects p
      WHERE p.id = :projectId AND p.org_id = :org_id AND p.client_id = :client_id`,
    { replacements: { ...scope, projectId }, type: QueryTypes.SELECT },
  );
  if (!project) throw notFound('Project');
  const figures = await projectFigures(sequelize, scope.org_id, projectId);
  const stages = await sequelize.query<ProjectDashboard['stages'][number]>(
    `SELECT id, name, status, progress_pct, budget_planned FROM stages
      WHERE project_id = :projectId AND org_id = :org_id ORDER BY position, id`,
    { replacements: { ...scope, projectId }, type: QueryTypes.SELECT },
  );
  return {
    ...project,
    progress_pct: figures.progress_pct,
    pending_change_requests: figures.pending_change_requests,
    money: figures.money,
    plan_fact: figures.plan_fact,
    stages,
  };
}
