import type { PlanFact, StagePlanFact } from '@crm/contracts';
import { QueryTypes, type Sequelize, type SqlTransaction } from '@crm/database';

/**
 * Plan against fact per stage, computed here and nowhere else (exact NUMERIC strings, summed in SQL):
 * - `planned` is the stage's `budget_planned` (from the approved estimate, or typed by a manager);
 * - `fact` is the confirmed expenses attributed to the stage (kept on the stage row by the database
 *   as transactions are written, like the project's spent: migration 0025-project-money);
 * - `variance` = planned − fact (negative: over plan).
 * Totals add up the stages; confirmed expenses with no stage are shown apart as `unassigned`, so
 * the totals' fact plus `unassigned` is everything spent on the project.
 */
export type { PlanFact } from '@crm/contracts';

export async function stagePlanFact(sequelize: Sequelize, orgId: number, projectId: number, transaction?: SqlTransaction): Promise<PlanFact> {
  const stages = await sequelize.query<StagePlanFact>(
    `SELECT s.id, s.name, s.status, s.progress_pct,
            s.budget_planned::numeric(14,2)::text AS planned,
            s.spent::numeric(14,2)::text AS fact,
            (s.budget_planned - s.spent)::numeric(14,2)::text AS variance
       FROM stages s
      WHERE s.org_id = :orgId AND s.project_id = :projectId
      ORDER BY s.position, s.id`,
    { replacements: { orgId, projectId }, type: QueryTypes.SELECT, transaction },
  );
  const [totals] = await sequelize.query<PlanFact['totals']>(
    `SELECT st.planned::numeric(14,2)::text AS planned, st.fact::numeric(14,2)::text AS fact,
            (st.planned - st.fact)::numeric(14,2)::text AS variance, (p.budget_spent - st.fact)::numeric(14,2)::text AS unassigned
       FROM projects p,
            LATERAL (SELECT COALESCE(SUM(budget_planned), 0) AS planned, COALESCE(SUM(spent), 0) AS fact
                       FROM stages WHERE org_id = :orgId AND project_id = :projectId) st
      WHERE p.org_id = :orgId AND p.id = :projectId`,
    { replacements: { orgId, projectId }, type: QueryTypes.SELECT, transaction },
  );
  return { stages: stages.map((s) => ({ ...s, id: Number(s.id) })), totals: totals! };
}
