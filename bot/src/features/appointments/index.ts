import { isAppointmentCallback } from '@crm/core';
import type { BotContext, BotFeature } from '../../context.js';
import { isMeasurementButton, onMeasurementButton, onMeasurementMessage } from './measurement-dialog.js';
import { loadMeasurement, saveMeasurement } from './measurement-session.js';
import { appointmentTexts, localeFor } from './texts.js';
import { onVisitButton } from './visit-buttons.js';
import { MENU } from '../worker/texts.js';

const isEstimator = (ctx: BotContext) => {
  const user = ctx.crm.person.user;
  return Boolean(user?.is_active && ['admin', 'manager', 'worker'].includes(user.role));
};

/**
 * Measurement visits in the bot: the client's Confirm / Another time under a visit, and the
 * estimator's “Send measurements” dialog (photos and sizes until Done). Registered before the
 * worker and lead flows: it takes an estimator's messages only while their dialog is open.
 */
export const appointmentsFeature: BotFeature = {
  name: 'appointments',
  register(bot) {
    bot.on('callback_query', async (ctx, next) => {
      const data = ctx.callbackQuery!.data;
      if (isAppointmentCallback(data)) return onVisitButton(ctx);
      if (isMeasurementButton(data)) return onMeasurementButton(ctx);
      return next();
    });

    bot.on('message', async (ctx, next) => {
      const message = ctx.message!;
      if (message.chat.type !== 'private' || !isEstimator(ctx)) return next();
      const { session } = await loadMeasurement(ctx.crm.sequelize, ctx.crm.org.id, message.chat.id);
      if (!session) return next();
      const text = message.text?.trim() ?? '';
      if (/^\/cancel\b/.test(text)) {
        await saveMeasurement(ctx.crm.sequelize, ctx.crm.org.id, message.chat.id, null, session.version);
        return void (await ctx.reply(appointmentTexts(localeFor(ctx.crm.org.locale, ctx.from?.language_code)).cancelled));
      }
      // Other commands and the worker's menu buttons go on to their own flows (a new dialog replaces this one).
      if (text.startsWith('/') || Object.values(MENU).some((labels) => (labels as readonly string[]).includes(text))) return next();
      await onMeasurementMessage(ctx, message);
    });
  },
};
