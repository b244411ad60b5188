import { QueryTypes, type Sequelize } from '@crm/database';
import { notFound } from '../errors.js';

/** A client's view: only projects of this organization whose client is this user. */
export interface ClientScope {
  org_id: number;
  client_id: number;
}

export interface ProjectSummary {
  id: number;
  name: string;
  address: string;
  status: string;
  progress_pct: number;
  budget_total: string;
  pending_change_requests: number;
}

// Overall progress weights stages by their planned budget when there is one, else averages them.
const PROGRESS_SQL = `COALESCE((
  SELECT CASE WHEN SUM(s.budget_planned) > 0
              THEN ROUND(SUM(s.progress_pct * s.budget_planned) / SUM(s.budget_planned))
              ELSE ROUND(AVG(s.progress_pct)) END
    FROM stages s WHERE s.project_id = p.id AND s.org_id = p.org_id), 0)::int`;

export async function listClientProjects(sequelize: Sequelize, scope: ClientScope): Promise<ProjectSummary[]> {
  return sequelize.query<ProjectSummary>(
    `SELECT p.id, p.name, p.address, p.status, ${PROGRESS_SQL} AS progress_pct, p.budget_total,
            (SELECT count(*)::int FROM change_requests cr WHERE cr.project_id = p.id AND cr.org_id = p.org_id AND cr.status = 'pending') AS pending_change_requests
       FROM projects p
      WHERE p.org_id = :org_id AND p.client_id = :client_id AND p.status <> 'cancelled'
      ORDER BY (p.status = 'active') DESC, p.updated_at DESC, p.id DESC`,
    { replacements: { ...scope }, type: QueryTypes.SELECT });
}

/** Throws not_found unless the project is this client's (whatever the id: another org's answers the same). */
export async function assertClientProject(sequelize: Sequelize, scope: ClientScope, projectId: number): Promise<void> {
  const rows = await sequelize.query(
    'SELECT 1 FROM projects WHERE id = :projectId AND org_id = :org_id AND client_id = :client_id',
    { replacements: { ...scope, projectId }, type: QueryTypes.SELECT });
  if (!rows.length) throw notFound('Project');
}

export interface ProjectDashboard extends ProjectSummary {
  start_date: string | null;
  end_date: string | null;
  stages: Array<{ id: number; name: string; status: string; progress_pct: number; budget_planned: string }>;
  /** Exact NUMERIC strings, summed in SQL. */
  money: {
    /** The contract as it stands now: the original budget plus approved change orders. */
    budget_total: string;
    /** The contract before change orders. */
    contract_base: string;
    change_orders_approved: string;
    change_orders_pending: string;
    paid: string;
    spent: string;
    /** budget_total − spent. */
    remaining: string;
    /** budget_total − paid. */
    to_pay: string;
  };
}

export async function projectDashboard(sequelize: Sequelize, scope: ClientScope, projectId: number): Promise<ProjectDashboard> {
  const [project] = await sequelize.query<Omit<ProjectDashboard, 'stages' | 'money'> & { money: ProjectDashboard['money'] }>(
    `WITH sums AS (
       SELECT
         COALESCE((SELECT SUM(amount) FROM change_requests WHERE project_id = :projectId AND org_id = :org_id AND status = 'approved'), 0) AS approved,
         COALESCE((SELECT SUM(amount) FROM change_requests WHERE project_id = :projectId AND org_id = :org_id AND status = 'pending'), 0) AS pending,
         COALESCE((SELECT SUM(amount) FROM transactions WHERE project_id = :projectId AND org_id = :org_id AND type = 'income' AND status = 'confirmed'), 0) AS paid,
         COALESCE((SELECT SUM(amount) FROM transactions WHERE project_id = :projectId AND org_id = :org_id AND type = 'expense' AND status = 'confirmed'), 0) AS spent
     )
     SELECT p.id, p.name, p.address, p.status, p.start_date, p.end_date, ${PROGRESS_SQL} AS progress_pct, p.budget_total,
            (SELECT count(*)::int FROM change_requests cr WHERE cr.project_id = p.id AND cr.org_id = p.org_id AND cr.status = 'pending') AS pending_change_requests,
            json_build_object(
              'budget_total', p.budget_total::text,
              'contract_base', (p.budget_total - sums.approved)::numeric(14,2)::text,
              'change_orders_approved', sums.approved::numeric(14,2)::text,
              'change_orders_pending', sums.pending::numeric(14,2)::text,
              'paid', sums.paid::numeric(14,2)::text,
              'spent', sums.spent::numeric(14,2)::text,
              'remaining', (p.budget_total - sums.spent)::numeric(14,2)::text,
              'to_pay', (p.budget_total - sums.paid)::numeric(14,2)::text
            ) AS money
       FROM projects p, sums
      WHERE p.id = :projectId AND p.org_id = :org_id AND p.client_id = :client_id`,
    { replacements: { ...scope, projectId }, type: QueryTypes.SELECT });
  if (!project) throw notFound('Project');
  const stages = await sequelize.query<ProjectDashboard['stages'][number]>(
    `SELECT id, name, status, progress_pct, budget_planned FROM stages
      WHERE project_id = :projectId AND org_id = :org_id ORDER BY position, id`,
    { replacements: { ...scope, projectId }, type: QueryTypes.SELECT });
  return { ...project, stages };
}
