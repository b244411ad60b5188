import { isDomainError, pickLocale, toFieldErrors, type DomainError, type TextLocale } from '@crm/core';
import type { BotContext } from './context.js';

type Key = DomainError['code'] | 'invalid_phone' | 'invalid_number' | 'too_large';

const TEXTS: Record<TextLocale, Record<Key, string>> = {
  ru: {
    validation: 'Не получилось: данные не подходят. Проверьте и попробуйте ещё раз.',
    invalid_phone: 'Не получилось разобрать номер телефона. Напишите его полностью, например 8 900 123-45-67.',
    invalid_number: 'Не получилось разобрать число. Например: 12 500 или 12,5к.',
    too_large: 'Слишком большое значение. Проверьте и попробуйте ещё раз.',
    not_found: 'Этого уже нет: запись удалена или недоступна вам.',
    conflict: 'Пока вы отвечали, здесь всё изменилось. Посмотрите последнее сообщение и попробуйте ещё раз.',
    unauthorized: 'Это действие вам недоступно. Обратитесь к менеджеру.',
    forbidden: 'Это действие вам недоступно. Обратитесь к менеджеру.',
    rate_limited: 'Слишком много сообщений подряд. Подождите минуту и попробуйте снова.',
    unavailable: 'Сервис ненадолго недоступен. Попробуйте через несколько минут.',
  },
  en: {
    validation: 'That did not work: the details are not valid. Check them and try again.',
    invalid_phone: 'Could not read the phone number. Write it in full, e.g. +44 7911 123456.',
    invalid_number: 'Could not read the number. For example: 12 500 or 12.5k.',
    too_large: 'The value is too large. Check it and try again.',
    not_found: 'This is no longer there: it was removed or is not available to you.',
    conflict: 'This changed while you were answering. Look at the latest message and try again.',
    unauthorized: 'This action is not available to you. Please ask your manager.',
    forbidden: 'This action is not available to you. Please ask your manager.',
    rate_limited: 'Too many messages in a row. Wait a minute and try again.',
    unavailable: 'The service is briefly unavailable. Try again in a few minutes.',
  },
};

const FIELD_KEYS = new Set<Key>(['invalid_phone', 'invalid_number', 'too_large']);

/**
 * What the bot says when the domain refuses something, in the person's language: chosen by the
 * error's code (and the first field's code for a validation error), never the English message or the code.
 */
export function domainErrorText(error: DomainError, locale: TextLocale): string {
  const texts = TEXTS[locale];
  if (error.code === 'validation' && error.details?.fields && typeof error.details.fields === 'object') {
    const field = Object.values(toFieldErrors(error.details.fields as Record<string, unknown>)).find((f) => FIELD_KEYS.has(f.code as Key));
    if (field) return texts[field.code as Key];
  }
  return texts[error.code] ?? texts.validation;
}

/**
 * The bot's one boundary for domain refusals a feature did not answer itself: the person gets the
 * reason in their language (an alert for a button, a reply for a message) and the update counts as
 * handled — retrying a refusal would only refuse again. Anything else is rethrown, so the journal
 * keeps the update for a retry.
 */
export async function answerDomainErrors(ctx: BotContext, next: () => Promise<void>): Promise<void> {
  try {
    await next();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    ctx.crm.logger.warn({ code: error.code }, 'domain refusal answered in the chat');
    const text = domainErrorText(error, pickLocale(ctx.crm.org.locale, ctx.from?.language_code));
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true }).catch(() => {});
    else if (ctx.chatId) await ctx.reply(text);
  }
}
