import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

// One row per reminder actually sent, keyed by the organization's local day: a tick that runs
// twice (two job workers, a retry) sends each reminder once.
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE reminder_log (
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('report_reminder', 'digest')),
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      local_date DATE NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, kind, user_id, local_date)
    );
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query('DROP TABLE IF EXISTS reminder_log');
};
