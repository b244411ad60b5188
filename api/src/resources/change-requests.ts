import { z } from 'zod';
import { ChangeRequest, Project } from '@crm/database';
import { DomainError, changeLinesSchema, changeOrderLinesFor, createChangeOrder, invalid, numericColumn, updateChangeOrderLines } from '@crm/core';
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
  if (!values.lines && values.amount === undefined) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is required (or list lines against the approved estimate)' });
  if (!values.lines && values.amount !== undefined && Number(values.amount) === 0) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'must not be zero' });
};

/**
 * Change requests: a title and an amount, or a change order built from lines against the project's
 * approved estimate (added, removed, changed), whose amount core computes. Read back with its lines.
 */
export const changeRequests = defineResource<ChangeRequest>({
  name: 'change-requests', model: ChangeRequest, search: ['title', 'description'], filters: ['project_id', 'status', 'decided_by', 'estimate_id'],
  ranges: ['created_at', 'amount', 'decided_at'], sorts: ['created_at', 'amount', 'status', 'decided_at', 'title'],
  writeRoles: ['admin', 'manager'], remove: true, references: { project_id: { model: Project as never, label: 'project' } },
  create: z.object(fields).partial({ description: true, amount: true, lines: true }).superRefine(nonZero),
  update: z.object(fields).omit({ project_id: true }).partial(),
  hooks: {
    create: (values, ctx, tx) => {
      const { lines, ...rest } = values as z.output<z.ZodObject<typeof fields>>;
      if (lines) return createChangeOrder(ctx.auth.org_id, ctx.auth.sub, { ...rest, lines }, tx);
      return ChangeRequest.create({ ...rest, org_id: ctx.auth.org_id, status: 'pending', created_by: ctx.auth.sub } as never, { transaction: tx });
    },
    async update(row, values, _ctx, tx) {
      if (row.status !== 'pending') throw new DomainError('conflict', 'This change request is already decided and cannot be edited');
      const { lines, amount, ...rest } = values as Partial<z.output<z.ZodObject<typeof fields>>>;
      row.set(rest as never);
      if (lines) return updateChangeOrderLines(row, lines, amount, tx);
      if (row.estimate_id) {
        if (amount !== undefined && Number(amount) !== Number(row.amount)) throw invalid({ amount: `is computed from the lines (${row.amount}): change the lines instead` }, 'Invalid change request');
        return;
      }
      if (amount !== undefined) {
        if (Number(amount) === 0) throw invalid({ amount: 'must not be zero' }, 'Invalid change request');
        row.set({ amount });
      }
    },
    async remove(row, _ctx, tx) {
      if (row.status === 'approved') throw new DomainError('conflict', 'An approved change request cannot be deleted');
      await row.destroy({ transaction: tx });
    },
  },
  serialize: async (rows) => {
    const lines = await changeOrderLinesFor(rows.filter((r) => r.estimate_id).map((r) => r.id));
    return rows.map((row) => ({ ...plain(row), lines: (lines.get(row.id) ?? []).map(plain) }));
  },
});
