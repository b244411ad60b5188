import { ACTIVE_APPOINTMENT_STATUSES } from '@crm/contracts';
import { Appointment, Lead, Op, QueryTypes, User, type ChatMessage, type Notification, type Sequelize, type SqlTransaction } from '@crm/database';
import { visitAnswerNotifications } from './announce.js';
import { recordTelegramCopies } from '../notify/staff-telegram.js';
import { DomainError, invalid, notFound } from '../errors.js';
import { publishEvent } from '../events/publish.js';
import { changeLeadStatus } from '../leads/lead.service.js';
import { parseInput } from '../validation.js';
import { appointmentCreateSchema, appointmentUpdateSchema } from './appointment.schema.js';
import { checkSlot, formatSlot, slotFromLocal, type Slot } from './slots.js';
import { instantToZoned } from '../time/zone.js';
import { organizationZone } from '../organizations/organization-zone.js';

const ESTIMATOR_ROLES = ['admin', 'manager', 'worker'];
/** Leads at these columns move to “measurement” when a visit is booked; later ones stay. */
const BEFORE_MEASUREMENT = ['new', 'qualified'];

export type AppointmentChange = 'booked' | 'moved' | 'cancelled' | 'reassigned' | 'updated';

/** What a write did, for the caller to announce after the commit (messages, reminders). */
export interface AppointmentWrite {
  appointment: Appointment;
  change: AppointmentChange;
  /** On a reassignment: who had the visit before (they are told it is off their list). */
  previous_estimator_id?: number | null;
}

function slotOf(
  values: { date?: string; time?: string; duration_minutes?: number; starts_at?: Date; ends_at?: Date },
  timezone: string,
  current?: Slot,
): Slot | null {
  if (values.date || values.time) {
    // One of the two changed: the other stays as it was on the firm's clock.
    const was = current ? instantToZoned(current.starts_at, timezone) : null;
    const date = values.date ?? was?.date;
    const time = values.time ?? was?.time;
    if (date && time) return slotFromLocal({ date, time, duration_minutes: values.duration_minutes ?? (current ? minutes(current) : undefined) }, timezone);
  }
  if (values.starts_at) {
    const length = values.duration_minutes ?? (current ? minutes(current) : 60);
    return { starts_at: values.starts_at, ends_at: values.ends_at ?? new Date(values.starts_at.getTime() + length * 60_000) };
  }
  return null;
}
const minutes = (slot: Slot) => Math.round((slot.ends_at.getTime() - slot.starts_at.getTime()) / 60_000);
const sameSlot = (a: Slot, b: Slot) => a.starts_at.getTime() === b.starts_at.getTime() && a.ends_at.getTime() === b.ends_at.getTime();

async function checkEstimator(org_id: number, estimator_id: number, transaction: SqlTransaction): Promise<void> {
  const found = await User.count({ where: { id: estimator_id, org_id, is_active: true, role: { [Op.in]: ESTIMATOR_ROLES } }, transaction });
  if (!found) throw invalid({ estimator_id: 'must be an active staff member or worker of your organization' }, 'Invalid appointment');
}

/**
 * An estimator is in one place at a time: no two active visits of theirs may share a minute. The
 * advisory lock serialises bookings of one estimator, so two managers booking at once cannot both win.
 */
async function checkEstimatorFree(
  sequelize: Sequelize,
  org_id: number,
  estimator_id: number,
  slot: Slot,
  exceptId: number | null,
  timezone: string,
  transaction: SqlTransaction,
): Promise<void> {
  await sequelize.query('SELECT pg_advisory_xact_lock(724311013, :estimator_id)', { replacements: { estimator_id }, transaction });
  const [busy] = await sequelize.query<{ id: number; starts_at: Date; ends_at: Date }>(
    `SELECT id, starts_at, ends_at FROM appointments
      WHERE org_id = :org_id AND estimator_id = :estimator_id AND id <> :except_id
        AND status IN ('scheduled', 'confirmed', 'reschedule_requested')
        AND starts_at < :ends_at AND ends_at > :starts_at
      ORDER BY starts_at LIMIT 1`,
    {
      replacements: { org_id, estimator_id, except_id: exceptId ?? 0, starts_at: slot.starts_at, ends_at: slot.ends_at },
      type: QueryTypes.SELECT,
      transaction,
    },
  );
  if (!busy) return;
  const when = formatSlot(new Date(busy.starts_at), new Date(busy.ends_at), timezone, 'en');
  throw new DomainError('conflict', `The estimator already has a visit at ${when}`, {
    reason: 'estimator_busy',
    appointment_id: busy.id,
    fields: { estimator_id: { code: 'estimator_busy', message: `is busy at ${when}: pick another time or estimator` } },
  });
}

/** Books a measurement visit for a lead: the slot must be ahead and the estimator free. */
export async function bookAppointment(
  sequelize: Sequelize,
  org_id: number,
  created_by: number | null,
  raw: unknown,
  transaction: SqlTransaction,
  now = new Date(),
): Promise<AppointmentWrite> {
  const values = parseInput(appointmentCreateSchema, raw, 'Invalid appointment');
  const lead = await Lead.findOne({ where: { id: values.lead_id, org_id }, transaction, lock: transaction.LOCK.UPDATE });
  if (!lead) throw invalid({ lead_id: 'does not point to a lead of your organization' }, 'Invalid appointment');
  const { timezone } = await organizationZone(org_id, transaction);
  const slot = slotOf(values, timezone)!;
  checkSlot(slot, now);
  const estimator_id = values.estimator_id ?? null;
  if (estimator_id) {
    await checkEstimator(org_id, estimator_id, transaction);
    await checkEstimatorFree(sequelize, org_id, estimator_id, slot, null, timezone, transaction);
  }
  const appointment = await Appointment.create(
    {
      org_id,
      lead_id: lead.id,
      estimator_id,
      created_by,
      ...slot,
      address: values.address ?? lead.address ?? '',
      notes: values.notes ?? '',
      status: 'scheduled',
    },
    { transaction },
  );
  if (BEFORE_MEASUREMENT.includes(lead.status)) {
    await changeLeadStatus(sequelize, lead, 'measurement', transaction);
    await lead.save({ transaction });
  }
  if (!lead.address && appointment.address) await lead.update({ address: appointment.address }, { transaction });
  await publishEvent(transaction, { org_id, type: 'lead.updated', data: { id: lead.id, lead_id: lead.id } });
  return { appointment, change: 'booked' };
}

/**
 * Edits a visit from the back office: a new slot or estimator is checked like a booking and
 * re-plans the reminders (the client is asked to confirm again); `cancelled` ends it.
 */
export async function updateAppointment(
  sequelize: Sequelize,
  appointment: Appointment,
  raw: unknown,
  transaction: SqlTransaction,
  now = new Date(),
): Promise<AppointmentWrite> {
  const values = parseInput(appointmentUpdateSchema, raw, 'Invalid appointment');
  if (values.lead_id !== undefined && values.lead_id !== appointment.lead_id)
    throw invalid({ lead_id: 'cannot change: book a new visit for another lead' }, 'Invalid appointment');
  const { timezone } = await organizationZone(appointment.org_id, transaction);
  const current: Slot = { starts_at: appointment.starts_at, ends_at: appointment.ends_at };
  const wasActive = (ACTIVE_APPOINTMENT_STATUSES as readonly string[]).includes(appointment.status);
  if (values.status === 'cancelled') {
    if (!wasActive) return { appointment, change: 'updated' };
    appointment.set({ status: 'cancelled' });
    await appointment.save({ transaction });
    return { appointment, change: 'cancelled' };
  }
  if (!wasActive && (values.status === undefined || values.status === appointment.status)) {
    if (values.address !== undefined || values.notes !== undefined) {
      appointment.set({ ...(values.address !== undefined ? { address: values.address } : {}), ...(values.notes !== undefined ? { notes: values.notes } : {}) });
      await appointment.save({ transaction });
    }
    return { appointment, change: 'updated' };
  }
  const slot = slotOf(values, timezone, current) ?? current;
  const moved = !sameSlot(slot, current);
  const estimator_id = values.estimator_id === undefined ? appointment.estimator_id : values.estimator_id;
  const reassigned = estimator_id !== appointment.estimator_id;
  if (moved || !wasActive) checkSlot(slot, now);
  if (estimator_id && (moved || reassigned || !wasActive)) {
    if (reassigned) await checkEstimator(appointment.org_id, estimator_id, transaction);
    await checkEstimatorFree(sequelize, appointment.org_id, estimator_id, slot, appointment.id, timezone, transaction);
  }
  const previous_estimator_id = appointment.estimator_id;
  appointment.set({
    ...slot,
    estimator_id,
    ...(values.address !== undefined ? { address: values.address } : {}),
    ...(values.notes !== undefined ? { notes: values.notes } : {}),
  });
  if (moved || !wasActive) {
    // A new time is a new question to the client and new reminders.
    appointment.set({ status: 'scheduled', answered_at: null, reminded_day_before_at: null, reminded_soon_at: null });
  } else if (values.status === 'done') {
    appointment.set({ status: 'done' });
  }
  await appointment.save({ transaction });
  if (moved || !wasActive) return { appointment, change: 'moved' };
  if (reassigned) return { appointment, change: 'reassigned', previous_estimator_id };
  return { appointment, change: 'updated' };
}

/** The visit a person in the bot answers for: theirs as the lead (or the client the lead became). */
async function findForClient(sequelize: Sequelize, org_id: number, appointment_id: number, telegram_id: number, transaction: SqlTransaction) {
  const [row] = await sequelize.query<{ id: number }>(
    `SELECT a.id FROM appointments a JOIN leads l ON l.id = a.lead_id AND l.org_id = a.org_id
       LEFT JOIN users c ON c.id = l.client_id AND c.org_id = a.org_id
      WHERE a.id = :appointment_id AND a.org_id = :org_id AND (l.telegram_id = :telegram_id OR c.telegram_id = :telegram_id)`,
    { replacements: { appointment_id, org_id, telegram_id }, type: QueryTypes.SELECT, transaction },
  );
  if (!row) throw notFound('Appointment');
  return (await Appointment.findByPk(row.id, { transaction, lock: transaction.LOCK.UPDATE }))!;
}

export type ClientAnswer = 'confirm' | 'another_time';

/**
 * The client's answer from the bot. Confirming twice is one confirmation; a cancelled or past
 * visit cannot be answered. “Another time” marks the visit for re-planning (the manager is told).
 */
export async function answerAppointment(
  sequelize: Sequelize,
  input: { org_id: number; appointment_id: number; telegram_id: number; answer: ClientAnswer },
  now = new Date(),
): Promise<{ appointment: Appointment; changed: boolean; notifications: Notification[]; copies: ChatMessage[] }> {
  return sequelize.transaction(async (transaction) => {
    const appointment = await findForClient(sequelize, input.org_id, input.appointment_id, input.telegram_id, transaction);
    if (appointment.status === 'cancelled' || appointment.status === 'done') {
      throw new DomainError('conflict', `The visit is ${appointment.status}`, { reason: `appointment_${appointment.status}` });
    }
    if (appointment.starts_at.getTime() <= now.getTime()) throw new DomainError('conflict', 'The visit time has passed', { reason: 'appointment_past' });
    const target = input.answer === 'confirm' ? 'confirmed' : 'reschedule_requested';
    if (appointment.status === target) return { appointment, changed: false, notifications: [], copies: [] };
    appointment.set({ status: target, answered_at: now });
    await appointment.save({ transaction });
    await publishEvent(transaction, { org_id: input.org_id, type: 'lead.updated', data: { id: appointment.lead_id, lead_id: appointment.lead_id } });
    // The staff's notifications of the answer are part of it, and so are their Telegram copies (handed
    // to the jobs process by the caller after the commit: dispatchRecordedMessages).
    const notifications = await visitAnswerNotifications(sequelize, appointment, input.answer, transaction);
    return { appointment, changed: true, notifications, copies: await recordTelegramCopies(notifications, { transaction }) };
  });
}

/** The visits of one local day on the organization's clock (`date` YYYY-MM-DD), for the day's schedule: a list filter. */
export function appointmentsOnLocalDate(value: unknown): Record<symbol, unknown> {
  const sequelize = Appointment.sequelize!;
  return {
    [Op.and]: [
      sequelize.literal(
        `(starts_at AT TIME ZONE (SELECT timezone FROM organizations o WHERE o.id = "Appointment".org_id))::date = ${sequelize.escape(String(value).slice(0, 10))}::date`,
      ),
    ],
  };
}
