import { approveEstimate, decodeEstimateCallback, formatWhen, organizationZone, startEstimateQuestion } from '@crm/core';
import type { User } from '@crm/database';
import type { BotContext } from '../../context.js';
import { estimateTexts } from './estimate-texts.js';
import { pickClientLocale, type ClientLocale } from './texts.js';

/**
 * The "Approve" and "Questions" buttons under an estimate sent in the bot. Approving goes through
 * the one core approval (idempotent: a second tap answers "already approved" and changes nothing);
 * "Questions" makes the client's next message a question about the estimate, in their chat. Core's
 * refusals (not theirs, outdated, not sent) are answered by the bot's boundary.
 */
export async function onEstimateButton(ctx: BotContext, client: User | null, locale: ClientLocale): Promise<void> {
  const query = ctx.callbackQuery!;
  const t = estimateTexts(locale);
  const parsed = decodeEstimateCallback(query.data);
  if (!parsed || !client) return void (await ctx.answerCallbackQuery({ text: t.notYours, show_alert: true }).catch(() => {}));
  const { org, sequelize, logger } = ctx.crm;
  ctx.crm.subject = 'estimate';
  if (parsed.action === 'question') {
    const estimate = await startEstimateQuestion(sequelize, {
      org_id: org.id,
      chat_id: query.message?.chat.id ?? query.from.id,
      estimate_id: parsed.estimate_id,
      client_id: client.id,
    });
    await ctx.answerCallbackQuery({ text: t.askAnswer }).catch(() => {});
    await ctx.reply(t.askPrompt(estimate.title || t.untitled, estimate.version));
    return;
  }
  const { timezone: timeZone } = await organizationZone(org.id);
  const result = await approveEstimate(
    sequelize,
    {
      org_id: org.id,
      estimate_id: parsed.estimate_id,
      via: 'telegram',
      approved_by: client.id,
      approved_by_telegram_id: query.from.id,
      client_id: client.id,
    },
    ctx.crm.queue ? { queue: ctx.crm.queue, logger } : undefined,
  );
  const when = formatWhen(result.estimate.approved_at!, locale, timeZone);
  if (result.changed) {
    await ctx.answerCallbackQuery({ text: t.approvedAnswer }).catch(() => {});
    await ctx.reply(t.approvedNote(when));
  } else {
    await ctx.answerCallbackQuery({ text: t.alreadyApproved(result.approved_by_name ?? '', when), show_alert: true }).catch(() => {});
  }
}

/** The client's question about an estimate is in their manager's chat: tell them so. */
export async function acknowledgeQuestion(ctx: BotContext): Promise<void> {
  const locale = pickClientLocale(ctx.crm.org.locale, ctx.from?.language_code ?? ctx.crm.person.user?.language_code);
  await ctx.reply(estimateTexts(locale).questionPassed).catch((error: unknown) => ctx.crm.logger.warn({ err: error }, 'question not acknowledged'));
}
