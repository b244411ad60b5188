import type { EstimateRecord } from '@crm/contracts';
import { Estimate, Lead, Project } from '@crm/database';
import { createEstimate, estimateContentSchema, estimateCreateSchema, estimatesWithContent, removeEstimate, updateEstimate } from '@crm/core';
import { defineResource } from './resource.js';

/**
 * Estimates with their sections and lines in one record: POST and PUT take the whole nested
 * estimate and save it in one transaction; the figures are computed by core on every save.
 */
export const estimates = defineResource<Estimate, EstimateRecord<Date>>({
  name: 'estimates',
  model: Estimate,
  search: ['title', 'notes'],
  filters: ['lead_id', 'project_id', 'status', 'version'],
  ranges: ['created_at', 'total', 'valid_until'],
  sorts: ['created_at', 'updated_at', 'version', 'status', 'total', 'valid_until'],
  defaultSort: { field: 'created_at', order: 'DESC' },
  writeRoles: ['admin', 'manager'],
  remove: true,
  references: { lead_id: { model: Lead as never, label: 'lead' }, project_id: { model: Project as never, label: 'project' } },
  create: estimateCreateSchema,
  update: estimateContentSchema,
  hooks: {
    create: (values, ctx, tx) => createEstimate(ctx.sequelize, ctx.auth.org_id, ctx.auth.sub, values as never, tx),
    update: (row, values, _ctx, tx) => updateEstimate(row, values as never, tx),
    remove: (row, _ctx, tx) => removeEstimate(row, tx),
  },
  serialize: async (rows) => estimatesWithContent(rows),
});
