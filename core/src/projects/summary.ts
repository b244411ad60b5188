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
export type { ProjectFigures } from '@crm/contracts';

// Change orders and stages are summed per project through their (org_id, project_id, …) indexes
// (a lateral join: grouped for all the ids at once, a misestimated join re-ran the grouping per project).
const FIGURES_SQL = `
  SELECT p.id AS project_id,
         COALESCE(st.progress, 0)::int AS progress_pct,
         st.stages_count,
         cr.pending_count AS pending_change_requests,
         o.currency,
         (p.budget_total - cr.approved)::numeric(14,2)::text AS contract_base,
         cr.approved::numeric(14,2)::text AS change_orders_approved,
         cr.pending::numeric(14,2)::text AS change_orders_pending,
         p.budget_total::numeric(14,2)::text AS contract_total,
         st.planned::numeric(14,2)::text AS stages_planned,
         p.paid_total::numeric(14,2)::text AS paid,
         p.budget_spent::numeric(14,2)::text AS spent,
         (p.budget_total - p.budget_spent)::numeric(14,2)::text AS "left",
         (p.budget_total - p.paid_total)::numeric(14,2)::text AS to_pay
    FROM projects p
    JOIN organizations o ON o.id = p.org_id
    CROSS JOIN LATERAL (
      SELECT COALESCE(SUM(c.amount) FILTER (WHERE c.status = 'approved'), 0) AS approved,
             COALESCE(SUM(c.amount) FILTER (WHERE c.status = 'pending'), 0) AS pending,
             count(*) FILTER (WHERE c.status = 'pending')::int AS pending_count
        FROM change_requests c WHERE c.org_id = p.org_id AND c.project_id = p.id
    ) cr
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS stages_count,
             COALESCE(SUM(s.budget_planned), 0) AS planned,
             CASE WHEN COALESCE(SUM(s.budget_planned), 0) > 0
                  THEN ROUND(SUM(s.progress_pct * s.budget_planned) / SUM(s.budget_planned))
                  ELSE ROUND(AVG(s.progress_pct)) END AS progress
        FROM stages s WHERE s.org_id = p.org_id AND s.project_id = p.id
    ) st
   WHERE p.org_id = :orgId AND p.id IN (:ids)`;

type Row = Omit<ProjectFigures, 'money'> & ProjectMoney;

/** Figures for several projects of one organization in one query, keyed by project id. */
export async function projectFiguresFor(
  sequelize: Sequelize,
  orgId: number,
  projectIds: number[],
  transaction?: SqlTransaction,
): Promise<Map<number, ProjectFigures>> {
  const ids = [...new Set(projectIds)].filter((id) => Number.isSafeInteger(id) && id > 0);
  if (!ids.length) return new Map();
  const rows = await sequelize.query<Row>(FIGURES_SQL, { replacements: { orgId, ids }, type: QueryTypes.SELECT, transaction });
  return new Map(
    rows.map((row) => {
      const { project_id, progress_pct, stages_count, pending_change_requests, ...money } = row;
      return [Number(project_id), { project_id: Number(project_id), progress_pct, stages_count, pending_change_requests, money }];
    }),
  );
}

/** One project's figures with plan against fact per stage (stage-figures.ts); not_found unless the project belongs to the organization. */
export async function projectFigures(sequelize: Sequelize, orgId: number, projectId: number): Promise<ProjectSummaryFigures> {
  const figures = (await projectFiguresFor(sequelize, orgId, [projectId])).get(projectId);
  if (!figures) throw notFound('Project');
  return { ...figures, plan_fact: await stagePlanFact(sequelize, orgId, projectId) };
}
