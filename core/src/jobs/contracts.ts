import { z } from 'zod';
import { parseInput } from '../validation.js';

/**
 * Job names and payload schemas, shared by producers (api, bot) and the jobs process.
 * Payloads carry ids only: the worker loads the current rows, so a job never acts on stale copies.
 * To add a job: add its name to JOBS and its schema to JOB_SCHEMAS, then define it in jobs/src/jobs/<group>.ts.
 */
export const JOBS = {
  telegramSend: 'telegram.send',
  telegramSweep: 'telegram.sweep',
  mediaIngest: 'media.ingest',
  aiQualify: 'ai.qualify',
  remindersStaleLeads: 'reminders.stale-leads',
  remindersDailyReport: 'reminders.daily-report',
  remindersDigest: 'reminders.digest',
  expenseReceipt: 'expense.receipt',
  appointmentReminder: 'appointments.reminder',
  tasksRemind: 'tasks.remind',
  tasksSweep: 'tasks.sweep',
} as const;

const dbId = z.number().int().positive();

const JOB_SCHEMAS = {
  [JOBS.telegramSend]: z.object({
    message_id: dbId,
    /** Delivery attempts that ended in a transient error so far (429 waits are not counted). */
    attempt: z.number().int().min(0).optional(),
  }),
  /** Recurring: re-queues outbound messages whose delivery job was lost (a producer died after the INSERT). */
  [JOBS.telegramSweep]: z.object({}),
  [JOBS.mediaIngest]: z
    .object({
      org_id: dbId,
      message_id: dbId.optional(),
      report_id: dbId.optional(),
      /** An estimator's measurement (lead_measurements.id) whose photos are still in Telegram. */
      measurement_id: dbId.optional(),
      attempt: z.number().int().min(0).optional(),
      /** Start of the retry window (epoch ms); default the row's creation. A manual retry starts a new one. */
      since: z.number().int().positive().optional(),
    })
    .refine((p) => p.message_id !== undefined || p.report_id !== undefined || p.measurement_id !== undefined, {
      message: 'needs message_id, report_id or measurement_id',
      path: ['message_id'],
    }),
  [JOBS.aiQualify]: z.object({ lead_id: dbId, org_id: dbId.optional() }),
  [JOBS.remindersStaleLeads]: z.object({ org_id: dbId.optional() }),
  [JOBS.remindersDailyReport]: z.object({ org_id: dbId.optional() }),
  [JOBS.remindersDigest]: z.object({ org_id: dbId.optional() }),
  /** Stores an expense's receipt photo (proof_url `tg:<file_id>`) and replaces proof_url with the storage key. */
  [JOBS.expenseReceipt]: z.object({ org_id: dbId, transaction_id: dbId, attempt: z.number().int().min(0).optional() }),
  /** A measurement visit's reminder; `starts_at` is the start it was planned for (a moved visit's old jobs do nothing). */
  [JOBS.appointmentReminder]: z.object({ org_id: dbId, appointment_id: dbId, kind: z.enum(['day_before', 'soon']), starts_at: z.string().datetime() }),
  /** Due reminder of one task, scheduled at its due time (a task moved later finds nothing due yet). */
  [JOBS.tasksRemind]: z.object({ task_id: dbId, org_id: dbId.optional() }),
  /** Recurring: reminds every task that is due and not reminded yet (a scheduled job lost or never queued). */
  [JOBS.tasksSweep]: z.object({}),
} as const;

export type JobName = keyof typeof JOB_SCHEMAS;
export type JobPayload<N extends JobName> = z.output<(typeof JOB_SCHEMAS)[N]>;
export type JobInput<N extends JobName> = z.input<(typeof JOB_SCHEMAS)[N]>;

/** Validates a payload against its job's contract; throws DomainError('validation') naming the fields. */
export function parseJobPayload<N extends JobName>(name: N, payload: unknown): JobPayload<N> {
  const schema = JOB_SCHEMAS[name] as unknown as z.ZodType<JobPayload<N>>;
  if (!schema) throw new Error(`Unknown job ${String(name)}`);
  return parseInput(schema, payload, `Invalid payload for job ${name}`);
}
