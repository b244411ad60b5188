import { selectRows, selectSql, type Model, type ModelStatic, type SqlTransaction, type WhereOptions } from '@crm/database';

// The back office's generic resource reads and writes (the ra-data-simple-rest router): a row is created,
// saved or deleted here once the resource's own core functions have decided what it holds. A
// resource with rules beyond its schema (who may change what, derived fields, totals) has those
// rules in its domain module, which sets the row; this module only persists it.

export function insertRecord<M extends Model>(model: ModelStatic<M>, values: Record<string, unknown>, transaction: SqlTransaction): Promise<M> {
  return model.create(values as never, { transaction });
}

export async function saveRecord(row: Model, transaction: SqlTransaction): Promise<void> {
  await row.save({ transaction });
}

export async function destroyRecord(row: Model, transaction: SqlTransaction): Promise<void> {
  await row.destroy({ transaction });
}

/**
 * The number of rows matching `where`, counted no further than `bound`: an index-only scan that
 * stops after `bound` rows instead of visiting every row of a large firm on each page of a list.
 * `null` when there are at least `bound`.
 */
export async function countUpTo(model: ModelStatic<Model>, where: WhereOptions, bound: number): Promise<number | null> {
  // Sequelize's own SELECT for this WHERE (the same one findAll issues), cut at `bound` and counted.
  const select = selectSql(model, { attributes: [[model.sequelize!.literal('1'), 'one']], where, limit: bound }).replace(/;\s*$/, '');
  const [row] = await selectRows<{ n: number }>(model.sequelize!, `SELECT count(*)::int AS n FROM (${select}) capped`);
  const n = row?.n ?? 0;
  return n >= bound ? null : n;
}

/**
 * The ids of a search's page (one within `cap`) and its number of matches, from at most `cap` plus one
 * matches taken in any order and sorted here; null when there are more matches than `cap` (the ids
 * would not be the page). `total` is null when the page is past the last match.
 */
export async function searchPage(
  model: ModelStatic<Model>,
  where: WhereOptions,
  order: Array<[string, string]>,
  range: { offset: number; limit: number },
  cap: number,
): Promise<{ ids: number[]; total: number | null } | null> {
  const attributes = model.getAttributes() as Record<string, { field?: string }>;
  const columns = [...new Set(['id', ...order.map(([name]) => name)])].map((name): string | [string, string] =>
    attributes[name]?.field && attributes[name].field !== name ? [attributes[name].field, name] : name,
  );
  const matches = selectSql(model, { where, attributes: columns, limit: cap + 1 }).replace(/;\s*$/, '');
  const rows = await selectRows<{ id: number; total: number }>(
    model.sequelize!,
    `SELECT id, count(*) OVER ()::int AS total FROM (${matches}) matches
      ORDER BY ${order.map(([name, direction]) => `"${name}" ${direction === 'DESC' ? 'DESC' : 'ASC'}`).join(', ')}
      LIMIT ${Number(range.limit)} OFFSET ${Number(range.offset)}`,
  );
  if (rows.length && rows[0]!.total > cap) return null;
  return { ids: rows.map((row) => row.id), total: rows.length ? rows[0]!.total : range.offset === 0 ? 0 : null };
}
