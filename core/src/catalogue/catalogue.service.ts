import { CatalogueItem, type SqlTransaction } from '@crm/database';
import { invalid } from '../errors.js';

/** Deletes an item; works that consumed it (as their material) keep going without one. */
export async function removeCatalogueItem(item: CatalogueItem, transaction: SqlTransaction): Promise<void> {
  await CatalogueItem.update({ material_id: null, material_qty: null }, { where: { org_id: item.org_id, material_id: item.id }, transaction });
  await item.destroy({ transaction });
}

/**
 * Checks that every line picked from the catalogue names an item of the organization; `field`
 * says which field of the input each id came from, so the error names it.
 */
export async function assertOwnCatalogueItems(org_id: number, picked: Array<{ id: number; field: string }>, transaction?: SqlTransaction): Promise<void> {
  if (!picked.length) return;
  const found = await CatalogueItem.findAll({ where: { org_id, id: [...new Set(picked.map((p) => p.id))] }, attributes: ['id'], transaction });
  const known = new Set(found.map((f) => f.id));
  const unknown = picked.filter((p) => !known.has(p.id));
  if (unknown.length) throw invalid(Object.fromEntries(unknown.map((p) => [p.field, 'unknown catalogue item of your organization'])), 'Invalid estimate');
}
