import { Appointment, Lead, LeadMeasurement, readAll, User, type MediaItem, type Sequelize, type SqlTransaction } from '@crm/database';
import { DomainError, notFound } from '../errors.js';
import { publishEvent } from '../events/publish.js';
import type { Notification } from '@crm/database';
import { notifyStaff } from '../notifications/notification.service.js';
import type { MeasurementDraft } from './measurement-draft.js';
import { parseMeasurementText } from './parse.js';

/** The visits an estimator may send measurements for: their own, not cancelled. */
export async function measurableAppointment(org_id: number, appointment_id: number, estimator_id: number, transaction?: SqlTransaction): Promise<Appointment> {
  const appointment = await Appointment.findOne({ where: { id: appointment_id, org_id }, transaction });
  if (!appointment) throw notFound('Appointment');
  if (appointment.estimator_id !== estimator_id)
    throw new DomainError('forbidden', 'This visit is assigned to another estimator', { reason: 'not_your_visit' });
  if (appointment.status === 'cancelled') throw new DomainError('conflict', 'The visit is cancelled', { reason: 'appointment_cancelled' });
  return appointment;
}

/**
 * Files what an estimator sent from the visit on the lead: the notes as typed, the rooms read from
 * them and the photos (Telegram files until the media job stores them). The visit counts as done;
 * the lead's manager is told.
 */
export async function recordMeasurement(
  sequelize: Sequelize,
  input: { org_id: number; estimator_id: number; draft: MeasurementDraft },
  transaction: SqlTransaction,
): Promise<{ measurement: LeadMeasurement; notifications: Notification[] }> {
  const { org_id, estimator_id, draft } = input;
  if (!draft.notes.length && !draft.media.length) {
    throw new DomainError('validation', 'Nothing to send yet: add measurements or photos', { fields: { notes: 'send measurements as text or photos first' } });
  }
  const appointment = await measurableAppointment(org_id, draft.appointment_id, estimator_id, transaction);
  const text = draft.notes.join('\n');
  const { rooms } = parseMeasurementText(text);
  const media: MediaItem[] = draft.media.map((m) => ({ ...m, key: null }));
  const measurement = await LeadMeasurement.create(
    { org_id, lead_id: appointment.lead_id, appointment_id: appointment.id, author_id: estimator_id, notes: text, rooms, media },
    { transaction },
  );
  if (appointment.status !== 'done') await appointment.update({ status: 'done' }, { transaction });
  const [lead, author] = await readAll(
    transaction,
    () => Lead.findOne({ where: { id: appointment.lead_id, org_id }, attributes: ['id', 'name', 'manager_id'], transaction }),
    () => User.findOne({ where: { id: estimator_id, org_id }, attributes: ['name'], transaction }),
  );
  const notifications = await notifyStaff(
    sequelize,
    {
      org_id,
      manager_id: lead?.manager_id ?? null,
      type: 'measurement.received',
      title: `${author?.name ?? 'Estimator'}: ${lead?.name ?? ''} — ${rooms.length} / ${media.length}`,
      body: text.slice(0, 1000),
      payload: { lead_id: appointment.lead_id, measurement_id: measurement.id, rooms: rooms.length, photos: media.length },
    },
    transaction,
  );
  await publishEvent(transaction, { org_id, type: 'lead.updated', data: { id: appointment.lead_id, lead_id: appointment.lead_id } });
  return { measurement, notifications };
}
