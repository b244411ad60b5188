import { Appointment, Lead, QueryTypes, readAll, User, type Notification, type Sequelize, type SqlTransaction } from '@crm/database';
import { dispatchOutboundMessage, queueOutboundMessage, recordOutboundMessage, type OutboundDeps } from '../chat/outbound.js';
import { JOBS } from '../jobs/contracts.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Logger } from '../logger.js';
import { notifyStaff } from '../notifications/notification.service.js';
import type { AppointmentWrite } from './appointment.service.js';
import { encodeAppointmentCallback } from './callback-data.js';
import { formatSlot, reminderTimes, type ReminderKind } from './slots.js';
import { clientVisitText, estimatorVisitText, reminderVisitText, visitTexts, type VisitFacts, type VisitLocale } from './texts.js';
import { organizationZone } from '../organizations/organization-zone.js';

export interface VisitDeps extends OutboundDeps {
  logger?: Logger;
}

/** Who a visit concerns and how to speak to each: the lead in the bot, the estimator in the bot. */
interface Visit {
  appointment: Appointment;
  lead: Lead;
  estimator: User | null;
  timezone: string;
  orgLocale: VisitLocale;
}

const localeOf = (orgLocale: VisitLocale, languageCode: string | null | undefined): VisitLocale =>
  languageCode?.startsWith('en') ? 'en' : languageCode?.startsWith('ru') ? 'ru' : orgLocale;

async function loadVisit(appointment: Appointment, transaction?: SqlTransaction): Promise<Visit> {
  const [lead, estimator, org] = await readAll(
    transaction,
    () => Lead.findOne({ where: { id: appointment.lead_id, org_id: appointment.org_id }, transaction }),
    () => (appointment.estimator_id ? User.findOne({ where: { id: appointment.estimator_id, org_id: appointment.org_id }, transaction }) : null),
    () => organizationZone(appointment.org_id, transaction),
  );
  return { appointment, lead: lead!, estimator, timezone: org.timezone, orgLocale: org.locale };
}

function factsFor(visit: Visit, locale: VisitLocale): VisitFacts {
  const a = visit.appointment;
  return {
    when: formatSlot(a.starts_at, a.ends_at, visit.timezone, locale),
    address: a.address,
    estimator: visit.estimator?.name ?? null,
    client: visit.lead.name || (locale === 'en' ? 'Client' : 'Клиент'),
    phone: visit.lead.phone ?? null,
  };
}

/** The lead can be written to in the bot (they wrote to it, and it still reaches them). */
export const clientReachable = (lead: Pick<Lead, 'telegram_id' | 'chat_id' | 'unreachable'>) =>
  Boolean((lead.chat_id ?? lead.telegram_id) && !lead.unreachable);
export const estimatorReachable = (user: Pick<User, 'telegram_id' | 'unreachable' | 'is_active'> | null) =>
  Boolean(user?.telegram_id && !user.unreachable && user.is_active);

const clientButtons = (locale: VisitLocale, id: number) => {
  const t = visitTexts(locale);
  return {
    inline_keyboard: [
      [
        { text: t.confirm, callback_data: encodeAppointmentCallback('confirm', id) },
        { text: t.anotherTime, callback_data: encodeAppointmentCallback('another_time', id) },
      ],
    ],
  };
};
const estimatorButtons = (locale: VisitLocale, id: number) => ({
  inline_keyboard: [[{ text: visitTexts(locale).measure, callback_data: encodeAppointmentCallback('measure', id) }]],
});

/**
 * Tells the people of a visit what a write did (after its commit): the client gets the time with
 * Confirm / Another time, the estimator the visit with “Send measurements”; a move or a cancellation
 * reaches both; the reminders of a new time are planned. Each message is a queued outbound row, so
 * it is in the conversation, rate-limited and retried. Returns who could be told.
 */
export async function announceAppointment(deps: VisitDeps, write: AppointmentWrite, now = new Date()) {
  const { appointment, change } = write;
  const told = { client: false, estimator: false };
  if (change === 'updated') return told;
  const visit = await loadVisit(appointment);
  const send = async (what: string, input: Parameters<typeof queueOutboundMessage>[1]) => {
    try {
      await queueOutboundMessage(deps, input);
      return true;
    } catch (error) {
      deps.logger?.warn({ err: error, appointment_id: appointment.id, to: what }, 'visit message not queued');
      return false;
    }
  };
  if (change !== 'reassigned' && clientReachable(visit.lead)) {
    const locale = localeOf(visit.orgLocale, visit.lead.language_code);
    told.client = await send('client', {
      org_id: appointment.org_id,
      lead_id: visit.lead.id,
      content: clientVisitText(locale, change, factsFor(visit, locale)),
      ...(change === 'cancelled' ? {} : { reply_markup: clientButtons(locale, appointment.id) }),
    });
  }
  if (estimatorReachable(visit.estimator)) {
    const locale = localeOf(visit.orgLocale, visit.estimator!.language_code);
    told.estimator = await send('estimator', {
      org_id: appointment.org_id,
      user_id: visit.estimator!.id,
      content: estimatorVisitText(locale, change, factsFor(visit, locale)),
      ...(change === 'cancelled' ? {} : { reply_markup: estimatorButtons(locale, appointment.id) }),
    });
  }
  if (change === 'reassigned' && write.previous_estimator_id) {
    const previous = await User.findOne({ where: { id: write.previous_estimator_id, org_id: appointment.org_id } });
    if (estimatorReachable(previous)) {
      const locale = localeOf(visit.orgLocale, previous!.language_code);
      await send('previous estimator', {
        org_id: appointment.org_id,
        user_id: previous!.id,
        content: estimatorVisitText(locale, 'released', factsFor(visit, locale)),
      });
    }
  }
  if (change === 'booked' || change === 'moved') await planAppointmentReminders(deps.queue, visit, now, deps.logger);
  return told;
}

/** One job per reminder at its moment; the key names the start, so a moved visit gets new jobs and old ones find nothing to do. */
async function planAppointmentReminders(queue: JobQueue, visit: Visit, now: Date, logger?: Logger): Promise<void> {
  const { appointment } = visit;
  const times = reminderTimes(appointment.starts_at, visit.timezone, now);
  for (const [kind, runAt] of Object.entries(times) as Array<[ReminderKind, Date]>) {
    const starts_at = appointment.starts_at.toISOString();
    await queue
      .enqueue(
        JOBS.appointmentReminder,
        { org_id: appointment.org_id, appointment_id: appointment.id, kind, starts_at },
        {
          runAt,
          uniqueKey: `appointment:${appointment.id}:${kind}:${starts_at}`,
        },
      )
      .catch((error: unknown) => logger?.error({ err: error, appointment_id: appointment.id, kind }, 'visit reminder not planned'));
  }
}

const REMINDED_COLUMN: Record<ReminderKind, string> = { day_before: 'reminded_day_before_at', soon: 'reminded_soon_at' };

/**
 * A reminder's moment has come: sent once, and only for the visit as planned (still at that start,
 * not cancelled, not waiting for a new time). The claim and the message rows commit together, so a
 * repeated or concurrent run sends nothing more and a crash after the commit loses nothing (the
 * delivery sweep picks the rows up).
 */
export async function sendAppointmentReminder(
  sequelize: Sequelize,
  deps: VisitDeps,
  payload: { org_id: number; appointment_id: number; kind: ReminderKind; starts_at: string },
): Promise<number> {
  const column = REMINDED_COLUMN[payload.kind];
  const messages = await sequelize.transaction(async (transaction) => {
    const claimed = await sequelize.query<{ id: number }>(
      `UPDATE appointments SET ${column} = now(), updated_at = now()
        WHERE id = :id AND org_id = :org_id AND starts_at = :starts_at AND status IN ('scheduled', 'confirmed') AND ${column} IS NULL
       RETURNING id`,
      { replacements: { id: payload.appointment_id, org_id: payload.org_id, starts_at: new Date(payload.starts_at) }, type: QueryTypes.SELECT, transaction },
    );
    if (!claimed.length) return [];
    const appointment = (await Appointment.findByPk(payload.appointment_id, { transaction }))!;
    const visit = await loadVisit(appointment, transaction);
    const rows = [];
    if (clientReachable(visit.lead)) {
      const locale = localeOf(visit.orgLocale, visit.lead.language_code);
      rows.push(
        await recordOutboundMessage(
          { org_id: appointment.org_id, lead_id: visit.lead.id, content: reminderVisitText(locale, payload.kind, factsFor(visit, locale), false) },
          transaction,
        ),
      );
    }
    if (estimatorReachable(visit.estimator)) {
      const locale = localeOf(visit.orgLocale, visit.estimator!.language_code);
      rows.push(
        await recordOutboundMessage(
          {
            org_id: appointment.org_id,
            user_id: visit.estimator!.id,
            content: reminderVisitText(locale, payload.kind, factsFor(visit, locale), true),
            reply_markup: estimatorButtons(locale, appointment.id),
          },
          transaction,
        ),
      );
    }
    return rows;
  });
  for (const message of messages) {
    await dispatchOutboundMessage(deps, message).catch((error: unknown) =>
      deps.logger?.warn({ err: error, message_id: message.id }, 'reminder waits for the delivery sweep'),
    );
  }
  return messages.length;
}

/**
 * The manager hears of the client's answer: the staff's notifications (the bell), written in the
 * answer's transaction so that an answer on record always has them (with their Telegram copies:
 * `recordTelegramCopies` in the same transaction, sent by the caller once it commits).
 */
export async function visitAnswerNotifications(
  sequelize: Sequelize,
  appointment: Appointment,
  answer: 'confirm' | 'another_time',
  transaction: SqlTransaction,
): Promise<Notification[]> {
  const visit = await loadVisit(appointment, transaction);
  const locale = visit.orgLocale;
  const facts = factsFor(visit, locale);
  const en = locale === 'en';
  const title =
    answer === 'confirm'
      ? en
        ? `${facts.client} confirmed the measurement visit`
        : `${facts.client} подтвердил(а) замер`
      : en
        ? `${facts.client} asks for another time for the measurement visit`
        : `${facts.client} просит перенести замер`;
  return notifyStaff(
    sequelize,
    {
      org_id: appointment.org_id,
      manager_id: visit.lead.manager_id ?? null,
      type: `appointment.${answer}`,
      title,
      body: facts.when,
      payload: { appointment_id: appointment.id, lead_id: visit.lead.id },
    },
    transaction,
  );
}
