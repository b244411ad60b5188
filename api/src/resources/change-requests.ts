import type { ChangeRequestRecord } from '@crm/contracts';
import { z } from 'zod';
import { ChangeRequest, Project } from '@crm/database';
import {
  applyChangeRequestChanges,
  changeLinesSchema,
  changeOrderLinesFor,
  createChangeRequest,
  numericColumn,
  removeChangeRequest,
  type ChangeRequestValues,
} from '@crm/core';
import { defineResource, plain } from './resource.js';

const text = (max: number) => z.string().trim().max(max);
const fields = {
  project_id: z.coerce.number().int().positive(),
  title: text(200).min(1, 'is required'),
  description: text(4000),
  amount: numericColumn(ChangeRequest, 'amount'),
  /** A change order against the project's approved estimate: its amount is computed from these. */
  lines: z.preprocess((v) => (Array.isArray(v) && v.length === 0 ? undefined : v), changeLinesSchema.optional()),
};
const nonZero = (values: { amount?: string; lines?: unknown[] }, ctx: z.RefinementCtx) => {
  if (!values.lines && values.amount === undefined)
    ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is required (or list lines against the approved estimate)' });
  if (!values.lines && values.amount !== undefined && Number(values.amount) === 0)
    ctx.addIssue({ code: 'custom', path: ['amount'], message: 'must not be zero' });
};

/**
 * Change requests: a title and an amount, or a change order built from lines against the project's
 * approved estimate (added, removed, changed), whose amount core computes. Read back with its lines.
 */
export const changeRequests = defineResource<ChangeRequest, ChangeRequestRecord<Date>>({
  name: 'change-requests',
  model: ChangeRequest,
  search: ['title', 'description'],
  filters: ['project_id', 'status', 'decided_by', 'estimate_id'],
  ranges: ['created_at', 'amount', 'decided_at'],
  sorts: ['created_at', 'amount', 'status', 'decided_at', 'title'],
  writeRoles: ['admin', 'manager'],
  remove: true,
  references: { project_id: { model: Project as never, label: 'project' } },
  create: z.object(fields).partial({ description: true, amount: true, lines: true }).superRefine(nonZero),
  update: z.object(fields).omit({ project_id: true }).partial(),
  hooks: {
    create: (values, ctx, tx) => createChangeRequest({ org_id: ctx.auth.org_id, user_id: ctx.auth.sub }, values as ChangeRequestValues, tx),
    update: (row, values, _ctx, tx) => applyChangeRequestChanges(row, values as ChangeRequestValues, tx),
    remove: (row, _ctx, tx) => removeChangeRequest(row, tx),
  },
  serialize: async (rows) => {
    const lines = await changeOrderLinesFor(rows.filter((r) => r.estimate_id).map((r) => r.id));
    return rows.map((row) => ({ ...plain(row), lines: (lines.get(row.id) ?? []).map(plain) }));
  },
});
