import type { PlanFact, StagePlanFact } from '@crm/contracts';
import { QueryTypes, type Sequelize, type SqlTransaction } from '@crm/database';

/**
 * Plan against fact per stage, computed here and nowhere else (exact NUMERIC strings, summed in SQL):
 * - `planned` is the stage's `budget_planned` (from the approved estimate, or typed by a manager);
 * - `fact` is the confirmed expenses attributed to the stage;
 * - `variance` = planned − fact (negative: over plan).
 * Totals add up the stages; confirmed expenses with no stage are shown apart as `unassigned`, so
 * the totals' fact plus `unassigned` is everything spent on the project.
 */
export type { StagePlanFact, PlanFact } from '@crm/contracts';

export async function stagePlanFact(sequelize: Sequelize, orgId: number, projectId: number, transaction?: SqlTransaction): Promise<PlanFact> {
  const stages = await sequelize.query<StagePlanFact>(
    `SELECT s.id, s.name, s.status, s.progress_pct,
            s.budget_planned::numeric(14,2)::text AS planned,
            COALESCE(t.fact, 0)::numeric(14,2)::text AS fact,
            (s.budget_planned - COALESCE(t.fact, 0))::numeric(14,2)::text AS variance
       FROM stages s
       LEFT JOIN (SELECT stage_id, SUM(amount) AS fact FROM transactions
                   WHERE org_id = :orgId AND project_id = :projectId AND type = 'expense' AND status = 'confirmed' AND stage_id IS NOT NULL
                   GROUP BY stage_id) t ON t.stage_id = s.id
      WHERE s.org_id = :orgId AND s.project_id = :projectId
      ORDER BY s.position, s.id`,
    { replacements: { orgId, projectId }, type: QueryTypes.SELECT, transaction });
  const [totals] = await sequelize.query<PlanFact['totals']>(
    `WITH st AS (SELECT COALESCE(SUM(budget_planned), 0) AS planned FROM stages WHERE org_id = :orgId AND project_id = :projectId),
          tx AS (SELECT COALESCE(SUM(amount) FILTER (WHERE t.stage_id IS NOT NULL AND s.id IS NOT NULL), 0) AS fact,
                        COALESCE(SUM(amount) FILTER (WHERE t.stage_id IS NULL OR s.id IS NULL), 0) AS unassigned
                   FROM transactions t LEFT JOIN stages s ON s.id = t.stage_id AND s.project_id = t.project_id
                  WHERE t.org_id = :orgId AND t.project_id = :projectId AND t.type = 'expense' AND t.status = 'confirmed')
     SELECT st.planned::numeric(14,2)::text AS planned, tx.fact::numeric(14,2)::text AS fact,
            (st.planned - tx.fact)::numeric(14,2)::text AS variance, tx.unassigned::numeric(14,2)::text AS unassigned
       FROM st, tx`,
    { replacements: { orgId, projectId }, type: QueryTypes.SELECT, transaction });
  return { stages: stages.map((s) => ({ ...s, id: Number(s.id) })), totals: totals! };
}
