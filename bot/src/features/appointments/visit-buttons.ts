import {
  answerAppointment,
  decodeAppointmentCallback,
  formatSlot,
  measurableAppointment,
  organizationZone,
  dispatchRecordedMessages,
  startMeasurement,
  visitTexts,
} from '@crm/core';
import type { BotContext } from '../../context.js';
import { storeTap } from '../callbacks.js';
import { loadMeasurement, saveMeasurement } from './measurement-session.js';
import { appointmentTexts, localeFor, type Locale } from './texts.js';

export const MEASURE_DONE = 'ms1:d:';
export const MEASURE_CANCEL = 'ms1:x:';
export const dialogButtons = (locale: Locale, appointmentId: number) => {
  const t = appointmentTexts(locale);
  return {
    inline_keyboard: [
      [
        { text: t.done, callback_data: `${MEASURE_DONE}${appointmentId}` },
        { text: t.cancel, callback_data: `${MEASURE_CANCEL}${appointmentId}` },
      ],
    ],
  };
};

const alert = (ctx: BotContext, text: string) => ctx.answerCallbackQuery({ text, show_alert: true }).catch(() => {});

/** The text of the tapped message with a note under it and no buttons left (the answer is given). */
async function noteUnder(ctx: BotContext, note: string) {
  const message = ctx.callbackQuery?.message;
  if (!message || !('text' in message) || !message.text) return;
  await ctx.api
    .editMessageText({
      chat_id: message.chat.id,
      message_id: message.message_id,
      text: `${message.text}\n\n${note}`.slice(0, 4096),
      reply_markup: { inline_keyboard: [] },
    })
    .catch((error: unknown) => ctx.crm.logger.debug({ err: error }, 'visit message not edited'));
}

/** Confirm / Another time from the client, “Send measurements” from the estimator. */
export async function onVisitButton(ctx: BotContext): Promise<void> {
  const query = ctx.callbackQuery!;
  const locale = localeFor(ctx.crm.org.locale, query.from.language_code);
  const t = appointmentTexts(locale);
  const parsed = decodeAppointmentCallback(query.data);
  if (!parsed) return void (await alert(ctx, t.stale));
  // Someone else's visit, a cancelled or past one: core refuses and the boundary says why.
  ctx.crm.subject = 'visit';
  if (parsed.action === 'measure') return startMeasuring(ctx, parsed.appointment_id, locale);

  const { sequelize, org, logger, queue } = ctx.crm;
  const answered = await answerAppointment(sequelize, {
    org_id: org.id,
    appointment_id: parsed.appointment_id,
    telegram_id: query.from.id,
    answer: parsed.action,
  });
  const vt = visitTexts(locale);
  await noteUnder(ctx, parsed.action === 'confirm' ? vt.confirmedNote : vt.anotherNote);
  if (parsed.action === 'confirm') {
    await ctx.answerCallbackQuery({ text: answered.changed ? vt.confirmed : vt.alreadyConfirmed }).catch(() => {});
  } else {
    await ctx.answerCallbackQuery().catch(() => {});
    if (answered.changed) await ctx.reply(vt.askTime);
  }
  if (!answered.changed) return;
  // The manager sees the answer in the conversation and gets a notification (and its Telegram copy).
  await storeTap(ctx, parsed.action === 'confirm' ? vt.confirmedNote : vt.anotherNote);
  // The notifications and their Telegram copies were written with the answer; the copies go out now
  // (one that cannot be queued now goes with the delivery sweep).
  if (queue) await dispatchRecordedMessages({ queue, publish: ctx.crm.publish, logger }, answered.copies);
}

async function startMeasuring(ctx: BotContext, appointmentId: number, locale: Locale): Promise<void> {
  const t = appointmentTexts(locale);
  const user = ctx.crm.person.user;
  const { sequelize, org } = ctx.crm;
  if (!user?.is_active || !['admin', 'manager', 'worker'].includes(user.role) || !ctx.chatId) return void (await alert(ctx, t.notYours));
  const appointment = await measurableAppointment(org.id, appointmentId, user.id);
  const { version } = await loadMeasurement(sequelize, org.id, ctx.chatId);
  if (!(await saveMeasurement(sequelize, org.id, ctx.chatId, { draft: startMeasurement(appointment.id), groups: [] }, version)))
    return void (await alert(ctx, t.stale));
  await ctx.answerCallbackQuery().catch(() => {});
  const { timezone } = await organizationZone(org.id);
  await ctx.reply(t.measureStart(formatSlot(appointment.starts_at, appointment.ends_at, timezone, locale)), {
    reply_markup: dialogButtons(locale, appointment.id),
  });
}
