import type { Sequelize, SqlTransaction } from '@crm/database';

/** Recomputes a project's spent budget from its confirmed expenses, exactly, in SQL. */
export async function recomputeProjectSpent(sequelize: Sequelize, projectId: number, transaction?: SqlTransaction): Promise<void> {
  await sequelize.query(
    `UPDATE projects SET budget_spent = COALESCE((
       SELECT SUM(amount) FROM transactions WHERE project_id = :projectId AND type = 'expense' AND status = 'confirmed'
     ), 0), updated_at = now() WHERE id = :projectId`,
    { replacements: { projectId }, transaction });
}
