import type { AppointmentView, MeasurementView } from '@crm/contracts';
import { Appointment, Lead, LeadMeasurement, User } from '@crm/database';
import {
  announceAppointment,
  appointmentsOnLocalDate,
  appointmentCreateSchema,
  appointmentUpdateSchema,
  bookAppointment,
  clientReachable,
  estimatorReachable,
  instantToZoned,
  organizationZone,
  updateAppointment,
  type AppointmentWrite,
} from '@crm/core';
import { defineResource, plain, type ResourceContext } from './resource.js';

/** After the commit: the people of the visit are told and its reminders planned (never undoing the write). */
function announceAfterCommit(ctx: ResourceContext, tx: { afterCommit(fn: () => Promise<void>): void }, write: AppointmentWrite) {
  const { queue, logger } = ctx;
  if (!queue) return;
  tx.afterCommit(async () => {
    await announceAppointment({ queue, ...(logger ? { logger } : {}) }, write).catch((error: unknown) =>
      logger?.error({ err: error, appointment_id: write.appointment.id }, 'visit not announced'),
    );
  });
}

/**
 * Measurement visits booked from leads. The slot is sent as a local date and time on the
 * organization's clock (or as instants); core checks it and the estimator's other visits. A visit
 * is cancelled (status `cancelled`), not deleted, so both people hear of it.
 */
export const appointments = defineResource<Appointment, AppointmentView<Date>>({
  name: 'appointments',
  model: Appointment,
  search: ['address', 'notes'],
  filters: ['lead_id', 'estimator_id', 'status', 'created_by'],
  ranges: ['starts_at', 'ends_at', 'created_at'],
  sorts: ['starts_at', 'created_at', 'status'],
  defaultSort: { field: 'starts_at', order: 'ASC' },
  writeRoles: ['admin', 'manager'],
  closed: { remove: 'A visit is not deleted: cancel it (status cancelled) so the client and the estimator are told' },
  references: { lead_id: { model: Lead as never, label: 'lead' }, estimator_id: { model: User as never, label: 'estimator' } },
  create: appointmentCreateSchema,
  update: appointmentUpdateSchema,
  ruleFilters: {
    // `date`: the visits of one local day on the organization's clock, for the day's schedule.
    date: appointmentsOnLocalDate,
  },
  hooks: {
    async create(values, ctx, tx) {
      const write = await bookAppointment(ctx.sequelize, ctx.auth.org_id, ctx.auth.sub, values, tx);
      announceAfterCommit(ctx, tx, write);
      return write.appointment;
    },
    async update(row, values, ctx, tx) {
      const write = await updateAppointment(ctx.sequelize, row, values, tx);
      announceAfterCommit(ctx, tx, write);
    },
  },
  serialize: async (rows, ctx) => {
    const { timezone } = await organizationZone(ctx.auth.org_id);
    const leadIds = [...new Set(rows.map((r) => r.lead_id))];
    const userIds = [...new Set(rows.map((r) => r.estimator_id).filter((id): id is number => id !== null))];
    const [leads, users, measured] = await Promise.all([
      leadIds.length
        ? Lead.findAll({ where: { id: leadIds, org_id: ctx.auth.org_id }, attributes: ['id', 'name', 'telegram_id', 'chat_id', 'unreachable'] })
        : [],
      userIds.length
        ? User.findAll({ where: { id: userIds, org_id: ctx.auth.org_id }, attributes: ['id', 'name', 'telegram_id', 'unreachable', 'is_active'] })
        : [],
      rows.length ? LeadMeasurement.count({ where: { org_id: ctx.auth.org_id, appointment_id: rows.map((r) => r.id) }, group: ['appointment_id'] }) : [],
    ]);
    const counts = new Map((measured as unknown as Array<{ appointment_id: number; count: number }>).map((m) => [m.appointment_id, Number(m.count)]));
    return rows.map((row) => {
      const lead = leads.find((l) => l.id === row.lead_id);
      const estimator = users.find((u) => u.id === row.estimator_id) ?? null;
      const local = instantToZoned(row.starts_at, timezone);
      return {
        ...plain(row),
        ...local,
        timezone,
        duration_minutes: Math.round((row.ends_at.getTime() - row.starts_at.getTime()) / 60_000),
        lead_name: lead?.name ?? null,
        estimator_name: estimator?.name ?? null,
        client_in_telegram: lead ? clientReachable(lead) : false,
        estimator_in_telegram: estimatorReachable(estimator),
        measurements: counts.get(row.id) ?? 0,
      };
    });
  },
});

/** What estimators sent from their visits, on the lead: notes, rooms and photos (signed links). */
export const measurements = defineResource<LeadMeasurement, MeasurementView<Date>>({
  name: 'measurements',
  model: LeadMeasurement,
  search: ['notes'],
  filters: ['lead_id', 'appointment_id', 'author_id'],
  ranges: ['created_at'],
  sorts: ['created_at'],
  defaultSort: { field: 'created_at', order: 'DESC' },
  writeRoles: ['admin', 'manager'],
  closed: {
    create: 'Measurements come from the estimator in the bot',
    update: 'Measurements are kept as the estimator sent them',
    remove: 'Measurements are kept as the estimator sent them',
  },
  serialize: async (rows, ctx) => {
    const authorIds = [...new Set(rows.map((r) => r.author_id).filter((id): id is number => id !== null))];
    const authors = authorIds.length ? await User.findAll({ where: { id: authorIds, org_id: ctx.auth.org_id }, attributes: ['id', 'name'] }) : [];
    return Promise.all(
      rows.map(async (row) => ({
        ...plain(row),
        author_name: authors.find((a) => a.id === row.author_id)?.name ?? null,
        media: await Promise.all(
          (row.media ?? []).map(async (item) => ({
            type: item.type,
            mime_type: item.mime_type ?? null,
            width: item.width ?? null,
            height: item.height ?? null,
            url: item.key && ctx.sign ? await ctx.sign(item.key).catch(() => null) : null,
            // Still being copied from Telegram, or not saved (storage full).
            pending: !item.key && !item.not_saved,
            not_saved: item.not_saved ?? null,
          })),
        ),
      })),
    );
  },
});
