import { z } from 'zod';
import { APPOINTMENT_STATUSES } from '@crm/contracts';
import { id, isoDate } from '../validation.js';
import { MAX_DURATION_MINUTES } from './slots.js';

/**
 * A visit as the back office sends it. The slot is either a local `date` + `time` (+ duration) on
 * the organization's clock, or `starts_at`/`ends_at` instants; when both come (a record sent back
 * as read), the local fields decide.
 */
const text = (max: number) => z.string().trim().max(max);
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');
const instant = z.coerce.date({ message: 'must be an ISO timestamp' });

const fields = {
  lead_id: id,
  estimator_id: id.nullable(),
  date: isoDate,
  time: localTime,
  duration_minutes: z.coerce.number().int().min(15, 'must be at least 15 minutes').max(MAX_DURATION_MINUTES),
  starts_at: instant,
  ends_at: instant,
  address: text(500),
  notes: text(2000),
};

export const appointmentCreateSchema = z
  .object(fields)
  .partial()
  .extend({ lead_id: id })
  .superRefine((v, ctx) => {
    if (!v.date && !v.starts_at) ctx.addIssue({ code: 'custom', path: ['date'], message: 'is required: pick a date and a time' });
    if (v.date && !v.time) ctx.addIssue({ code: 'custom', path: ['time'], message: 'is required: pick a time slot' });
  });

export const appointmentUpdateSchema = z
  .object({
    ...fields,
    status: z.enum(APPOINTMENT_STATUSES),
  })
  .partial()
  .omit({ lead_id: true })
  .extend({ lead_id: id.optional() });
