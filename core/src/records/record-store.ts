import type { Model, ModelStatic, SqlTransaction } from '@crm/database';

// The back office's generic resource writes (the ra-data-simple-rest router): a row is created,
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
