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
