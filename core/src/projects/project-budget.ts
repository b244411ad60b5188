import type { Sequelize, SqlTransaction } from '@crm/database';

/**
 * Recomputes a project's spent budget from its confirmed expenses, exactly, in SQL. The sum is
 * scoped by the project's organization, so it reads that project's entries from the
 * (org_id, project_id, …) index instead of every organization's transactions.
 */
export async function recomputeProjectSpent(sequelize: Sequelize, projectId: number, transaction?: SqlTransaction): Promise<void> {
  await sequelize.query(
    `UPDATE projects p SET budget_spent = COALESCE((
       SELECT SUM(t.amount) FROM transactions t
       WHERE t.org_id = p.org_id AND t.project_id = p.id AND t.type = 'expense' AND t.status = 'confirmed'
     ), 0), updated_at = now() WHERE p.id = :projectId`,
    { replacements: { projectId }, transaction });
}
