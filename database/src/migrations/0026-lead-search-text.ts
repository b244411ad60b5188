import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * The leads search matches one text, the searched fields joined with chr(1) between them, through a
 * single trigram index (led by the organization when btree_gin is there) instead of five indexed
 * columns OR-ed together: one index scan instead of five, and the planner estimates the matches of
 * the one text far better, so it chooses rightly between walking the list order and collecting the
 * matches. A search never contains chr(1) (the api searches field by field when it does), so a match
 * never spans two fields and the matches are the same as field by field. The api builds the same
 * expression from the resource's search fields (`searchJoined` in api/src/resources/definitions.ts).
 * Without pg_trgm (0015-list-indexes made no index) nothing changes. The table is analyzed at once:
 * the planner's estimates for the expression come from statistics gathered for the index, and
 * without them it takes every search for a handful of matches.
 */
const TEXT = `COALESCE(name, '') || chr(1) || COALESCE(username, '') || chr(1) || COALESCE(phone, '') || chr(1)
  || COALESCE(address, '') || chr(1) || COALESCE(ai_summary, '')`;

async function installed(db: QueryInterface['sequelize']): Promise<Set<string>> {
  const [rows] = await db.query(`SELECT extname FROM pg_extension WHERE extname IN ('pg_trgm', 'btree_gin')`);
  return new Set((rows as { extname: string }[]).map((r) => r.extname));
}

export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  const db = qi.sequelize;
  const extensions = await installed(db);
  if (!extensions.has('pg_trgm')) return;
  const org = extensions.has('btree_gin') ? 'org_id, ' : '';
  await db.query(`
    CREATE INDEX leads_search_text_idx ON leads USING gin (${org}(${TEXT}) gin_trgm_ops);
    DROP INDEX IF EXISTS leads_search_trgm_idx;
    ANALYZE leads;
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  const db = qi.sequelize;
  const extensions = await installed(db);
  if (extensions.has('pg_trgm')) {
    const org = extensions.has('btree_gin') ? 'org_id, ' : '';
    await db.query(`
      CREATE INDEX IF NOT EXISTS leads_search_trgm_idx ON leads USING gin (
        ${org}name gin_trgm_ops, username gin_trgm_ops, phone gin_trgm_ops, address gin_trgm_ops, ai_summary gin_trgm_ops);
    `);
  }
  await db.query('DROP INDEX IF EXISTS leads_search_text_idx');
};
