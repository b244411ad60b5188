import { formatWhen, isDomainError, organizationZone, pickLocale, toFieldErrors, type DomainError, type TextLocale } from '@crm/core';
import type { BotContext } from './context.js';
import { REFUSAL_TEXTS, type RefusalSubject } from './refusal-texts.js';

export interface RefusalOptions {
  /** What the update acts on (set by its feature on `ctx.crm.subject`). */
  subject?: RefusalSubject;
  /** The organization's clock, for refusals that name a moment. */
  timeZone?: string;
}

/**
 * What the bot says when the domain refuses something, in the person's language: chosen by the
 * refusal's reason, the first field's code, what the update acts on and the error's code, in that
 * order — never the English message or the code itself.
 */
export function domainErrorText(error: DomainError, locale: TextLocale, options: RefusalOptions = {}): string {
  const texts = REFUSAL_TEXTS[locale];
  const details = error.details ?? {};
  const reason = typeof details.reason === 'string' && Object.hasOwn(texts.reasons, details.reason) ? texts.reasons[details.reason] : undefined;
  if (reason !== undefined) {
    const when = (moment: unknown) => (moment instanceof Date || typeof moment === 'string' ? formatWhen(moment, locale, options.timeZone ?? 'UTC') : '');
    return typeof reason === 'string' ? reason : reason({ details, when });
  }
  if (error.code === 'validation' && details.fields && typeof details.fields === 'object') {
    const field = Object.values(toFieldErrors(details.fields as Record<string, unknown>)).find((f) => Object.hasOwn(texts.fields, f.code));
    if (field) return texts.fields[field.code]!;
  }
  return (options.subject && texts.subjects[options.subject][error.code]) ?? texts.codes[error.code] ?? texts.codes.validation;
}

/**
 * For a flow that does more than answer when core refuses for this reason (e.g. shows the earlier
 * outcome under the tapped message): the refusal's details, or null. The answer itself stays the
 * boundary's, so the flow rethrows.
 */
export function refusalDetails(error: unknown, reason: string): Record<string, unknown> | null {
  return isDomainError(error) && error.details?.reason === reason ? error.details : null;
}

/** Makes the context remember whether its callback query was answered (it can be answered once). */
function watchCallbackAnswer(ctx: BotContext): () => boolean {
  let answered = false;
  if (ctx.callbackQuery) {
    const answer = ctx.answerCallbackQuery.bind(ctx);
    ctx.answerCallbackQuery = (other) => {
      answered = true;
      return answer(other);
    };
  }
  return () => answered;
}

/** A button gets an alert while its query is open; otherwise (already answered, or too old) a chat reply. */
async function tell(ctx: BotContext, text: string, answered: boolean, alert: boolean): Promise<void> {
  if (ctx.callbackQuery && !answered) {
    const shown = await ctx.answerCallbackQuery({ text, show_alert: alert }).then(
      () => true,
      () => false,
    );
    if (shown || !alert) return;
  }
  if (ctx.chatId) await ctx.reply(text);
}

/**
 * The bot's one boundary for domain refusals: the person gets the reason in their language (an
 * alert for a button, a reply for a message) and the update counts as handled — retrying a
 * refusal would only refuse again, and answer twice. Anything else is rethrown, so the journal
 * keeps the update for a retry; a pressed button is still told so its spinner stops.
 */
export async function answerDomainErrors(ctx: BotContext, next: () => Promise<void>): Promise<void> {
  const callbackAnswered = watchCallbackAnswer(ctx);
  const { org, logger } = ctx.crm;
  // Read when answering: the person is recognised after this boundary is entered.
  const locale = () => pickLocale(org.locale, ctx.from?.language_code ?? ctx.crm.person.user?.language_code);
  try {
    await next();
  } catch (error) {
    if (!isDomainError(error)) {
      if (ctx.callbackQuery && !callbackAnswered()) await tell(ctx, REFUSAL_TEXTS[locale()].failed, false, false);
      throw error;
    }
    logger.warn({ code: error.code, reason: error.details?.reason, subject: ctx.crm.subject }, 'domain refusal answered in the chat');
    const timeZone = error.details?.reason ? (await organizationZone(org.id)).timezone : undefined;
    const text = domainErrorText(error, locale(), { subject: ctx.crm.subject, timeZone });
    await tell(ctx, text, callbackAnswered(), true);
  }
}
