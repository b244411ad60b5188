import type { Message } from 'node-telegram-bot-api';
import { addToMeasurement, JOBS, recordMeasurement, sendNotificationsToTelegram, type MeasurementDraft } from '@crm/core';
import type { BotContext } from '../../context.js';
import { closeTappedMessage } from '../dialog-message.js';
import { mediaOf } from '../worker/telegram-to-dialog-event.js';
import { loadMeasurement, saveMeasurement, type MeasurementSession } from './measurement-session.js';
import { appointmentTexts, localeFor } from './texts.js';
import { dialogButtons, MEASURE_CANCEL, MEASURE_DONE } from './visit-buttons.js';
import { parseMeasurementText } from '@crm/core';

const MAX_ATTEMPTS = 5;
const localeOf = (ctx: BotContext) => localeFor(ctx.crm.org.locale, ctx.from?.language_code);

/** The estimator's photos and typed sizes while the dialog is open; an album is acknowledged once. */
export async function onMeasurementMessage(ctx: BotContext, message: Message): Promise<void> {
  const { sequelize, org } = ctx.crm;
  const t = appointmentTexts(localeOf(ctx));
  const media = mediaOf(message);
  const text = message.text ?? message.caption ?? '';
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { session } = await loadMeasurement(sequelize, org.id, message.chat.id);
    if (!session) return;
    let draft: MeasurementDraft | null = session.draft;
    if (media) draft = addToMeasurement(draft, { type: 'media', items: [media] });
    if (draft && text.trim()) draft = addToMeasurement(draft, { type: 'text', text });
    if (!draft) return void (await ctx.reply(media || text.trim() ? t.tooMuch : t.nothingYet));
    const group = message.media_group_id ?? null;
    const seen = group !== null && session.groups.includes(group);
    const groups = group && !seen ? [...session.groups, group].slice(-20) : session.groups;
    if (!(await saveMeasurement(sequelize, org.id, message.chat.id, { draft, groups }, session.version))) continue;
    if (seen) return;
    const rooms = parseMeasurementText(draft.notes.join('\n')).rooms.length;
    await ctx.reply(t.progress(rooms, draft.media.length, draft.notes.length), { reply_markup: dialogButtons(localeOf(ctx), draft.appointment_id) });
    return;
  }
  throw new Error('the measurement dialog kept changing; giving up on this update');
}

export const isMeasurementButton = (data: string | undefined) => !!data && (data.startsWith(MEASURE_DONE) || data.startsWith(MEASURE_CANCEL));

/** Done files the measurements on the lead (the dialog ends in the same transaction); Cancel drops them. */
export async function onMeasurementButton(ctx: BotContext): Promise<void> {
  const query = ctx.callbackQuery!;
  const t = appointmentTexts(localeOf(ctx));
  const { sequelize, org, logger, queue, person } = ctx.crm;
  const appointmentId = Number(query.data!.slice(MEASURE_DONE.length));
  const chatId = ctx.chatId;
  const { session } = chatId ? await loadMeasurement(sequelize, org.id, chatId) : { session: null };
  if (!chatId || !session || session.draft.appointment_id !== appointmentId || !person.user) {
    return void (await ctx.answerCallbackQuery({ text: t.stale }).catch(() => {}));
  }
  if (query.data!.startsWith(MEASURE_CANCEL)) {
    await saveMeasurement(sequelize, org.id, chatId, null, session.version);
    await ctx.answerCallbackQuery().catch(() => {});
    await closeTappedMessage(ctx);
    return void (await ctx.reply(t.cancelled));
  }
  if (!session.draft.notes.length && !session.draft.media.length)
    return void (await ctx.answerCallbackQuery({ text: t.nothingYet, show_alert: true }).catch(() => {}));
  // A cancelled visit or someone else's: core refuses (the dialog stays open) and the boundary says why.
  ctx.crm.subject = 'visit';
  const saved = await submit(ctx, session, person.user.id, chatId);
  if (!saved) return void (await ctx.answerCallbackQuery({ text: t.stale }).catch(() => {}));
  await ctx.answerCallbackQuery().catch(() => {});
  await closeTappedMessage(ctx);
  const { measurement, notifications } = saved;
  await ctx.reply(
    t.sent(
      measurement.rooms.map((r, i) => t.room(r, i + 1)),
      measurement.media.length,
    ),
  );
  if (!queue) return void logger.warn({ measurement_id: measurement.id }, 'no job queue: measurement photos stay in Telegram until ingested');
  if (measurement.media.length) {
    await queue
      .enqueue(JOBS.mediaIngest, { org_id: org.id, measurement_id: measurement.id }, { uniqueKey: `measurement:${measurement.id}` })
      .catch((error: unknown) => logger.warn({ err: error, measurement_id: measurement.id }, 'measurement photos not queued for storage'));
  }
  await sendNotificationsToTelegram({ queue, logger }, notifications);
}

async function submit(ctx: BotContext, session: MeasurementSession, estimatorId: number, chatId: number) {
  const { sequelize, org } = ctx.crm;
  return sequelize.transaction(async (transaction) => {
    // A double tap: only the first clears the dialog, so one measurement is filed.
    if (!(await saveMeasurement(sequelize, org.id, chatId, null, session.version, transaction))) return null;
    return recordMeasurement(sequelize, { org_id: org.id, estimator_id: estimatorId, draft: session.draft }, transaction);
  });
}
