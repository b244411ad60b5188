import { z } from 'zod';
import { LOCAL_DATE_TIME } from '../time/zone.js';

const ref = z.coerce.number().int().positive().nullable().optional();
const dueLocal = z.string().trim().regex(LOCAL_DATE_TIME, 'must be a local date and time YYYY-MM-DDTHH:mm');
const dueAt = z
  .string()
  .trim()
  .refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO timestamp');

const fields = {
  lead_id: ref,
  project_id: ref,
  title: z.string().trim().min(1, 'is required').max(300, 'must be at most 300 characters'),
  /** The due time as the organization's wall clock shows it: what people type. */
  due_local: dueLocal,
  /** Or an exact moment (ISO with an offset). */
  due_at: dueAt,
  assignee_id: ref,
  done: z.boolean(),
};

export const taskCreateSchema = z
  .object(fields)
  .partial()
  .extend({ title: fields.title })
  .refine((v) => v.due_local !== undefined || v.due_at !== undefined, { message: 'is required', path: ['due_local'] });
export const taskUpdateSchema = z.object(fields).partial();
