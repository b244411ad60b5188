import { CatalogueItem, type SqlTransaction } from '@crm/database';

/** Deletes an item; works that consumed it (as their material) keep going without one. */
export async function removeCatalogueItem(item: CatalogueItem, transaction: SqlTransaction): Promise<void> {
  await CatalogueItem.update({ material_id: null, material_qty: null }, { where: { org_id: item.org_id, material_id: item.id }, transaction });
  await item.destroy({ transaction });
}
