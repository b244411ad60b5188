import type { Message } from 'node-telegram-bot-api';
import { absorbSignInLead, linkWorkerByPhone, signInOnlyLead } from '@crm/core';
import type { BotContext } from '../../context.js';
import { menuKeyboard, sharePhoneKeyboard } from './keyboards.js';
import type { WorkerTexts } from './texts.js';

/** Deep-link payload the back office can put in an invitation link (t.me/<bot>?start=worker). */
const WORKER_START_PAYLOAD = 'worker';

/**
 * `/start` from someone the organization does not know yet (not a user, not a lead): offer to
 * sign in with the phone. A /start with another payload is an advertising deep link: a lead.
 */
export function isSignInStart(ctx: BotContext, message: Message): boolean {
  const match = /^\/start(?:@\w+)?(?:\s+(\S+))?\s*$/.exec(message.text ?? '');
  if (!match) return false;
  const payload = match[1];
  return ctx.crm.person.role === 'unknown' && (!payload || payload === WORKER_START_PAYLOAD);
}

export async function offerSignIn(ctx: BotContext, t: WorkerTexts): Promise<void> {
  await ctx.reply(t.signInPrompt, { reply_markup: sharePhoneKeyboard(t) });
}

/**
 * A shared contact from someone not signed in. Only the sender's own contact counts; its phone
 * must match a worker invited in the back office. Returns false when the message is not ours to
 * answer (a lead sharing their number is the lead conversation's business).
 */
export async function handleContact(ctx: BotContext, t: WorkerTexts, message: Message): Promise<boolean> {
  const contact = message.contact!;
  const from = message.from!;
  const isLead = ctx.crm.person.role === 'lead' && !(await signInOnlyLead(ctx.crm.sequelize, ctx.crm.org.id, from.id));
  if (contact.user_id !== from.id) {
    if (isLead) return false;
    await ctx.reply(t.notOwnContact, { reply_markup: sharePhoneKeyboard(t) });
    return true;
  }
  const worker = await linkWorkerByPhone(ctx.crm.sequelize, ctx.crm.org.id, contact.phone_number, {
    telegram_id: from.id,
    username: from.username ?? null,
    language_code: from.language_code ?? null,
  });
  if (!worker) {
    if (isLead) return false;
    ctx.crm.logger.info('sign-in refused: no worker with this phone');
    await ctx.reply(t.unknownPhone, { reply_markup: { remove_keyboard: true } });
    return true;
  }
  ctx.crm.logger.info({ user_id: worker.id }, 'worker signed in');
  // The Start that preceded the sign-in opened a lead conversation; it was never a lead.
  await absorbSignInLead(ctx.crm.sequelize, ctx.crm.org.id, from.id, worker.id);
  await ctx.reply(t.welcome(worker.name), { reply_markup: menuKeyboard(t) });
  return true;
}
