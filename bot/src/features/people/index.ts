import type { Message } from 'node-telegram-bot-api';
import { isLinkToken, linkByOwnContact, pickLocale, redeemLinkToken, type LinkOutcome } from '@crm/core';
import type { BotContext, BotFeature } from '../../context.js';
import { startPayload } from '../message-content.js';
import { forgetSecret } from '../forget-secret.js';
import { resolvePerson } from '../person.js';
import { menuKeyboard } from '../worker/keyboards.js';
import { textsFor } from '../worker/texts.js';
import { peopleTexts } from './texts.js';

const localeOf = (ctx: BotContext) => pickLocale(ctx.crm.org.locale, ctx.from?.language_code);

const identityOf = (message: Message) => ({
  telegram_id: message.from!.id,
  username: message.from!.username ?? null,
  language_code: message.from!.language_code ?? null,
});

async function answer(ctx: BotContext, outcome: LinkOutcome) {
  const t = peopleTexts(localeOf(ctx));
  if (outcome.status === 'invalid') return void (await ctx.reply(t.invalid));
  if (outcome.status === 'taken') return void (await ctx.reply(t.taken));
  const { user } = outcome;
  ctx.crm.logger.info({ user_id: user.id, role: user.role }, 'Telegram linked');
  if (user.role === 'worker') return void (await ctx.reply(t.workerLinked(user.name), { reply_markup: menuKeyboard(textsFor(localeOf(ctx))) }));
  await ctx.reply(user.role === 'client' ? t.clientLinked(user.name) : t.staffLinked(user.name), { reply_markup: { remove_keyboard: true } });
}

/**
 * People linking their Telegram to who they are in the company: a one-time link (`/start <token>`)
 * from the back office links a client, worker or staff member; a staff member or client sharing
 * their OWN contact is linked by phone (workers sign in through the worker flow). Registered
 * before the client and worker flows, so a freshly linked person is routed by their new role.
 */
export const peopleFeature: BotFeature = {
  name: 'people',
  register(bot) {
    bot.on('message', async (ctx, next) => {
      const message = ctx.message!;
      if (message.chat.type !== 'private' || !message.from) return next();
      const payload = startPayload(message.text);
      if (isLinkToken(payload)) {
        await forgetSecret(ctx, '/start');
        const outcome = await redeemLinkToken(ctx.crm.sequelize, ctx.crm.org.id, payload, identityOf(message));
        await answer(ctx, outcome);
        return;
      }
      const role = ctx.crm.person.role;
      if (message.contact && message.contact.user_id === message.from.id && (role === 'unknown' || role === 'lead')) {
        const outcome = await linkByOwnContact(ctx.crm.sequelize, ctx.crm.org.id, message.contact.phone_number, identityOf(message));
        if (outcome.status === 'linked') {
          await answer(ctx, outcome);
          // The contact itself is stored in the person's (new) thread by lead routing.
          ctx.crm.person = await resolvePerson(ctx.crm.org.id, message.from.id);
          ctx.crm.answered = true;
        }
      }
      return next();
    });
  },
};
