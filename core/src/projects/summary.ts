import { QueryTypes, type Sequelize, type SqlTransaction } from '@crm/database';
import type { ProjectFigures, ProjectMoney, ProjectSummaryFigures } from '@crm/contracts';
import { notFound } from '../errors.js';
import { stagePlanFact } from './stage-figures.js';

/**
 * A project's money and progress: the one place they are computed. The back office, dashboard and
 * Mini App display these figures and never add them up themselves.
 *
 * Money (exact NUMERIC strings, summed in SQL):
 * - `contract_total` is the project's `budget_total`: approving a change order adds its amount there
 *   (see change-requests/decide.ts), so the total already includes approved change orders;
 * - `contract_base` = contract_total − approved change orders (the contract as signed);
 * - `paid` = confirmed income, `spent` = confirmed expenses: kept on the project row by the database
 *   as transactions are written (migration 0025-project-money), so they are read, not summed;
 * - `left` = contract_total − spent, `to_pay` = contract_total − paid.
 *
 * Progress (0–100, whole percent): stages weighted by their planned budget; when no stage has a
 * planned budget, the plain average of the stages; 0 without stages.
 */
export type { ProjectMoney, ProjectFigures } from '@crm/contracts';

const FIGURES_SQL = `
  WITH cr AS (
    SELECT project_id,
           COALESCE(SUM(amount) FILTER (WHERE status = 'approved'), 0) AS approved,
           COALESCE(SUM(amount) FILTER (WHERE status = 'pending'), 0) AS pending,
           count(*) FILTER (WHERE status = 'pending')::int AS pending_count
      FROM change_requests WHERE org_id = :orgId AND project_id IN (:ids) GROUP BY project_id
  ), st AS (
    SELECT project_id,
           count(*)::int AS stages_count,
           COALESCE(SUM(budget_planned), 0) AS planned,
           CASE WHEN COALESCE(SUM(budget_planned), 0) > 0
                THEN ROUND(SUM(progress_pct * budget_planned) / SUM(budget_planned))
                ELSE ROUND(AVG(progress_pct)) END AS progress
      FROM stages WHERE org_id = :orgId AND project_id IN (:ids) GROUP BY project_id
  )
  SELECT p.id AS project_id,
         COALESCE(st.progress, 0)::int AS progress_pct,
         COALESCE(st.stages_count, 0) AS stages_count,
         COALESCE(cr.pending_count, 0) AS pending_change_requests,
         o.currency,
         (p.budget_total - COALESCE(cr.approved, 0))::numeric(14,2)::text AS contract_base,
         COALESCE(cr.approved, 0)::numeric(14,2)::text AS change_orders_approved,
         COALESCE(cr.pending, 0)::numeric(14,2)::text AS change_orders_pending,
         p.budget_total::numeric(14,2)::text AS contract_total,
         COALESCE(st.planned, 0)::numeric(14,2)::text AS stages_planned,
         p.paid_total::numeric(14,2)::text AS paid,
         p.budget_spent::numeric(14,2)::text AS spent,
         (p.budget_total - p.budget_spent)::numeric(14,2)::text AS "left",
         (p.budget_total - p.paid_total)::numeric(14,2)::text AS to_pay
    FROM projects p
    JOIN organizations o ON o.id = p.org_id
    LEFT JOIN cr ON cr.project_id = p.id
    LEFT JOIN st ON st.project_id = p.id
   WHERE p.org_id = :orgId AND p.id IN (:ids)`;

type Row = Omit<ProjectFigures, 'money'> & ProjectMoney;

/** Figures for several projects of one organization in one query, keyed by project id. */
export async function projectFiguresFor(
  sequelize: Sequelize, orgId: number, projectIds: number[], transaction?: SqlTransaction,
): Promise<Map<number, ProjectFigures>> {
  const ids = [...new Set(projectIds)].filter((id) => Number.isSafeInteger(id) && id > 0);
  if (!ids.length) return new Map();
  const rows = await sequelize.query<Row>(FIGURES_SQL, { replacements: { orgId, ids }, type: QueryTypes.SELECT, transaction });
  return new Map(rows.map((row) => {
    const { project_id, progress_pct, stages_count, pending_change_requests, ...money } = row;
    return [Number(project_id), { project_id: Number(project_id), progress_pct, stages_count, pending_change_requests, money }];
  }));
}

/** One project's figures with plan against fact per stage (stage-figures.ts); not_found unless the project belongs to the organization. */
export async function projectFigures(sequelize: Sequelize, orgId: number, projectId: number): Promise<ProjectSummaryFigures> {
  const figures = (await projectFiguresFor(sequelize, orgId, [projectId])).get(projectId);
  if (!figures) throw notFound('Project');
  return { ...figures, plan_fact: await stagePlanFact(sequelize, orgId, projectId) };
}
