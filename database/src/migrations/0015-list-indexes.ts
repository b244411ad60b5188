import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * Indexes shaped like the back office's lists, so that a firm with tens of thousands of leads and
 * millions of messages pages through them without sorting or scanning a tenant on every request:
 * - leads by last activity (and the dashboard's stale leads), keyset-ordered with the id tie-break;
 * - the dashboard's per-status counts and budgets and its "waiting for an answer" count;
 * - the thread of a person without a lead (messages with a user and no lead), newest first;
 * - a project's transactions by date with the money columns carried along, so project figures and
 *   the spent budget are summed from the index;
 * - trigram indexes for the leads search (`ILIKE '%…%'` over name, username, phone, address and AI
 *   summary) when the pg_trgm extension can be created; without it the search still works, unindexed.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  const db = qi.sequelize;
  await db.query(`
    CREATE INDEX leads_org_activity_idx ON leads (org_id, last_activity_at DESC, id DESC);
    CREATE INDEX leads_org_status_budget_idx ON leads (org_id, status) INCLUDE (budget_amount);
    CREATE INDEX leads_org_unread_idx ON leads (org_id) WHERE unread_count > 0;
    CREATE INDEX chat_messages_user_thread_idx ON chat_messages (org_id, user_id, id DESC) WHERE lead_id IS NULL;
    CREATE INDEX transactions_org_project_date_idx ON transactions (org_id, project_id, occurred_on DESC, id DESC)
      INCLUDE (type, status, amount);
    DROP INDEX IF EXISTS transactions_org_project_idx;
  `);
  if (await trigramAvailable(db)) {
    await db.query(`
      CREATE INDEX leads_search_trgm_idx ON leads USING gin (
        name gin_trgm_ops, username gin_trgm_ops, phone gin_trgm_ops, address gin_trgm_ops, ai_summary gin_trgm_ops);
    `);
  }
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS leads_search_trgm_idx;
    CREATE INDEX IF NOT EXISTS transactions_org_project_idx ON transactions (org_id, project_id, occurred_on DESC);
    DROP INDEX IF EXISTS transactions_org_project_date_idx;
    DROP INDEX IF EXISTS chat_messages_user_thread_idx;
    DROP INDEX IF EXISTS leads_org_unread_idx;
    DROP INDEX IF EXISTS leads_org_status_budget_idx;
    DROP INDEX IF EXISTS leads_org_activity_idx;
  `);
  // pg_trgm stays: other objects of the database may use it, and an unused extension is harmless.
};

/**
 * pg_trgm ships with PostgreSQL's contrib (the Debian server and the embedded one both have it) and
 * is a trusted extension, so the database owner may create it. A server without contrib or a role
 * without the right only loses the search index.
 */
async function trigramAvailable(db: QueryInterface['sequelize']): Promise<boolean> {
  const [rows] = await db.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'`);
  if (!(rows as unknown[]).length) return false;
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    return true;
  } catch {
    return false;
  }
}
