import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * Indexes shaped like the back office's lists, so that a firm with tens of thousands of leads and
 * millions of messages pages through them without sorting or scanning a tenant on every request:
 * - leads by last activity, in list order with the id tie-break (deep pages read ids from the index);
 * - the dashboard's per-status counts and budgets, stale leads per open status and its "waiting for
 *   an answer" count, all counted from indexes alone;
 * - the thread of a person without a lead (messages with a user and no lead), newest first;
 * - a project's transactions by date with the money columns carried along, so project figures and
 *   the spent budget are summed from the index;
 * - trigram indexes for the leads search (`ILIKE '%…%'` over name, username, phone, address and AI
 *   summary) when the pg_trgm extension can be created, led by the organization when btree_gin can be
 *   too (a search then reads only its own firm's matches); without them the search still works, unindexed.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  const db = qi.sequelize;
  await db.query(`
    CREATE INDEX leads_org_activity_idx ON leads (org_id, last_activity_at DESC, id DESC);
    CREATE INDEX leads_org_status_activity_idx ON leads (org_id, status, last_activity_at) INCLUDE (budget_amount);
    CREATE INDEX leads_org_unread_idx ON leads (org_id) WHERE unread_count > 0;
    CREATE INDEX chat_messages_user_thread_idx ON chat_messages (org_id, user_id, id DESC) WHERE lead_id IS NULL;
    CREATE INDEX transactions_org_project_date_idx ON transactions (org_id, project_id, occurred_on DESC, id DESC)
      INCLUDE (type, status, amount);
    DROP INDEX IF EXISTS transactions_org_project_idx;
  `);
  if (await extension(db, 'pg_trgm')) {
    const org = (await extension(db, 'btree_gin')) ? 'org_id, ' : '';
    await db.query(`
      CREATE INDEX leads_search_trgm_idx ON leads USING gin (
        ${org}name gin_trgm_ops, username gin_trgm_ops, phone gin_trgm_ops, address gin_trgm_ops, ai_summary gin_trgm_ops);
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
    DROP INDEX IF EXISTS leads_org_status_activity_idx;
    DROP INDEX IF EXISTS leads_org_status_budget_idx;
    DROP INDEX IF EXISTS leads_org_activity_idx;
  `);
  // pg_trgm and btree_gin stay: other objects of the database may use them, and an unused extension is harmless.
};

/**
 * pg_trgm and btree_gin ship with PostgreSQL's contrib (the Debian server and the embedded one both
 * have them) and are trusted extensions, so the database owner may create them. A server without
 * contrib or a role without the right only loses the search index.
 */
async function extension(db: QueryInterface['sequelize'], name: 'pg_trgm' | 'btree_gin'): Promise<boolean> {
  const [rows] = await db.query('SELECT 1 FROM pg_available_extensions WHERE name = :name', { replacements: { name } });
  if (!(rows as unknown[]).length) return false;
  try {
    await db.query(`CREATE EXTENSION IF NOT EXISTS ${name}`);
    return true;
  } catch {
    return false;
  }
}
