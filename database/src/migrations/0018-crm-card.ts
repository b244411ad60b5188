import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * The lead card as a CRM card: tasks with due reminders, notes, an activity log for what has no
 * table of its own (status moves, calls, merges), the organization's pipeline names and hidden
 * stages, and a lost reason list.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE tasks (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      lead_id INTEGER REFERENCES leads(id) ON DELETE CASCADE,
      project_id INTEGER REFERENCES projects(id) ON DELETE CASCADE,
      title TEXT NOT NULL,
      due_at TIMESTAMPTZ NOT NULL,
      assignee_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
      done_at TIMESTAMPTZ,
      done_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
      reminded_at TIMESTAMPTZ,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX tasks_lead_idx ON tasks (lead_id);
    CREATE INDEX tasks_project_idx ON tasks (project_id);
    CREATE INDEX tasks_assignee_open_idx ON tasks (org_id, assignee_id, due_at) WHERE done_at IS NULL;
    CREATE INDEX tasks_due_idx ON tasks (due_at) WHERE done_at IS NULL AND reminded_at IS NULL;

    CREATE TABLE notes (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      lead_id INTEGER REFERENCES leads(id) ON DELETE CASCADE,
      project_id INTEGER REFERENCES projects(id) ON DELETE CASCADE,
      author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      body TEXT NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX notes_lead_idx ON notes (lead_id, created_at);
    CREATE INDEX notes_project_idx ON notes (project_id, created_at);

    CREATE TABLE lead_events (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      actor_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      kind TEXT NOT NULL CHECK (kind IN ('status', 'call', 'merge')),
      data JSONB NOT NULL DEFAULT '{}',
      created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX lead_events_lead_idx ON lead_events (lead_id, created_at);

    ALTER TABLE organizations ADD COLUMN pipeline JSONB NOT NULL DEFAULT '{}';
    CREATE INDEX leads_org_phone_idx ON leads (org_id, phone) WHERE phone IS NOT NULL;
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS leads_org_phone_idx;
    ALTER TABLE organizations DROP COLUMN IF EXISTS pipeline;
    DROP TABLE IF EXISTS lead_events;
    DROP TABLE IF EXISTS notes;
    DROP TABLE IF EXISTS tasks;
  `);
};
