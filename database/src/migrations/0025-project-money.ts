import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * A project's money kept as it is written, so that reading a project's figures no longer sums its
 * transactions and writing one no longer sums them all again:
 * - `projects.budget_spent` (confirmed expenses, as before) and `projects.paid_total` (confirmed income);
 * - `stages.spent`: the confirmed expenses of the stage's project attributed to the stage.
 * A trigger on `transactions` adds and takes out each row's amount in the same transaction as any
 * write (created, edited, moved to another project or stage, confirmed or rejected, deleted, its
 * stage deleted), as `x = x + amount`: exact NUMERIC, and concurrent writes to one project each
 * apply to the latest row instead of summing a snapshot that misses the other's row. A stage moved
 * to another project counts its expenses again. Core (projects/summary.ts, stage-figures.ts) reads them.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE projects ADD COLUMN paid_total NUMERIC NOT NULL DEFAULT 0;
    ALTER TABLE stages ADD COLUMN spent NUMERIC NOT NULL DEFAULT 0;

    UPDATE projects p SET budget_spent = t.spent, paid_total = t.paid
    FROM (
      SELECT q.id, COALESCE(SUM(x.amount) FILTER (WHERE x.type = 'expense'), 0) AS spent,
             COALESCE(SUM(x.amount) FILTER (WHERE x.type = 'income'), 0) AS paid
      FROM projects q LEFT JOIN transactions x ON x.project_id = q.id AND x.status = 'confirmed'
      GROUP BY q.id
    ) t
    WHERE t.id = p.id AND (p.budget_spent <> t.spent OR t.paid <> 0);

    UPDATE stages s SET spent = t.spent
    FROM (
      SELECT stage_id, project_id, SUM(amount) AS spent FROM transactions
      WHERE status = 'confirmed' AND type = 'expense' AND stage_id IS NOT NULL GROUP BY stage_id, project_id
    ) t
    WHERE t.stage_id = s.id AND t.project_id = s.project_id;

    CREATE FUNCTION transactions_project_money() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        UPDATE projects SET
          budget_spent = budget_spent - CASE WHEN OLD.status = 'confirmed' AND OLD.type = 'expense' THEN OLD.amount ELSE 0 END,
          paid_total = paid_total - CASE WHEN OLD.status = 'confirmed' AND OLD.type = 'income' THEN OLD.amount ELSE 0 END,
          updated_at = now()
        WHERE id = OLD.project_id;
        IF OLD.status = 'confirmed' AND OLD.type = 'expense' AND OLD.stage_id IS NOT NULL THEN
          UPDATE stages SET spent = spent - OLD.amount WHERE id = OLD.stage_id AND project_id = OLD.project_id;
        END IF;
      END IF;
      IF TG_OP <> 'DELETE' THEN
        UPDATE projects SET
          budget_spent = budget_spent + CASE WHEN NEW.status = 'confirmed' AND NEW.type = 'expense' THEN NEW.amount ELSE 0 END,
          paid_total = paid_total + CASE WHEN NEW.status = 'confirmed' AND NEW.type = 'income' THEN NEW.amount ELSE 0 END,
          updated_at = now()
        WHERE id = NEW.project_id;
        IF NEW.status = 'confirmed' AND NEW.type = 'expense' AND NEW.stage_id IS NOT NULL THEN
          UPDATE stages SET spent = spent + NEW.amount WHERE id = NEW.stage_id AND project_id = NEW.project_id;
        END IF;
      END IF;
      RETURN NULL;
    END $$;

    CREATE TRIGGER transactions_project_money_insert AFTER INSERT ON transactions FOR EACH ROW
      EXECUTE FUNCTION transactions_project_money();
    CREATE TRIGGER transactions_project_money_update AFTER UPDATE OF amount, type, status, project_id, stage_id ON transactions FOR EACH ROW
      WHEN (OLD.amount IS DISTINCT FROM NEW.amount OR OLD.type IS DISTINCT FROM NEW.type OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.project_id IS DISTINCT FROM NEW.project_id OR OLD.stage_id IS DISTINCT FROM NEW.stage_id)
      EXECUTE FUNCTION transactions_project_money();
    CREATE TRIGGER transactions_project_money_delete AFTER DELETE ON transactions FOR EACH ROW
      EXECUTE FUNCTION transactions_project_money();

    CREATE FUNCTION stages_project_money() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.spent := COALESCE((SELECT SUM(t.amount) FROM transactions t
        WHERE t.org_id = NEW.org_id AND t.project_id = NEW.project_id AND t.stage_id = NEW.id
          AND t.type = 'expense' AND t.status = 'confirmed'), 0);
      RETURN NEW;
    END $$;

    CREATE TRIGGER stages_project_money BEFORE UPDATE OF project_id ON stages FOR EACH ROW
      WHEN (OLD.project_id IS DISTINCT FROM NEW.project_id)
      EXECUTE FUNCTION stages_project_money();
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TRIGGER IF EXISTS stages_project_money ON stages;
    DROP FUNCTION IF EXISTS stages_project_money();
    DROP TRIGGER IF EXISTS transactions_project_money_insert ON transactions;
    DROP TRIGGER IF EXISTS transactions_project_money_update ON transactions;
    DROP TRIGGER IF EXISTS transactions_project_money_delete ON transactions;
    DROP FUNCTION IF EXISTS transactions_project_money();
    ALTER TABLE stages DROP COLUMN IF EXISTS spent;
    ALTER TABLE projects DROP COLUMN IF EXISTS paid_total;
  `);
};
