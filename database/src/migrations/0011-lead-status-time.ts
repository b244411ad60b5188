import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * `leads.status_changed_at`: when a lead reached its Kanban column, so the won and lost columns can
 * show a recent window (the last 30 days by default) instead of every closed lead ever.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE leads ADD COLUMN status_changed_at TIMESTAMPTZ NOT NULL DEFAULT now();
    UPDATE leads SET status_changed_at = updated_at;
    CREATE INDEX leads_org_status_changed_idx ON leads (org_id, status, status_changed_at DESC);
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS leads_org_status_changed_idx;
    ALTER TABLE leads DROP COLUMN IF EXISTS status_changed_at;
  `);
};
