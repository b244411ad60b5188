import type { CatalogueItemView } from '@crm/contracts';
import { CatalogueItem, Organization } from '@crm/database';
import { catalogueItemCreate, catalogueItemUpdate, exportCatalogue, removeCatalogueItem } from '@crm/core';
import { defineResource, plain } from './resource.js';

/** The organization's price list of works and materials (prices in the organization's currency). */
export const catalogItems = defineResource<CatalogueItem, CatalogueItemView<Date>>({
  name: 'catalog-items',
  model: CatalogueItem,
  search: ['name', 'category', 'description'],
  filters: ['kind', 'category', 'unit', 'archived', 'material_id'],
  ranges: ['price', 'updated_at'],
  sorts: ['name', 'category', 'price', 'kind', 'unit', 'created_at', 'updated_at'],
  defaultSort: { field: 'name', order: 'ASC' },
  writeRoles: ['admin', 'manager'],
  remove: true,
  references: { material_id: { model: CatalogueItem as never, where: { kind: 'material' }, label: 'material' } },
  create: catalogueItemCreate,
  update: catalogueItemUpdate,
  export: (org_id, where, order, settings) => exportCatalogue(org_id, { ...settings, where, order }),
  exportName: { ru: 'prais', en: 'price-list' },
  hooks: {
    remove: (row, _ctx, tx) => removeCatalogueItem(row, tx),
  },
  serialize: async (rows, ctx) => {
    const org = await Organization.findByPk(ctx.auth.org_id, { attributes: ['currency'] });
    return rows.map((row) => ({ ...plain(row), currency: org?.currency ?? 'RUB' }));
  },
});
