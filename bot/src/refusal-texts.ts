import type { DomainErrorCode, TextLocale } from '@crm/core';

/** What an update acts on, named by the feature that handles it, so a refusal is worded for it. */
export type RefusalSubject = 'project' | 'visit' | 'estimate' | 'change_request';

/** A refusal's details as core gave them, and a way to show one of their moments on the org's clock. */
interface RefusalFacts {
  details: Record<string, unknown>;
  when: (moment: unknown) => string;
}

type Text = string | ((facts: RefusalFacts) => string);

export interface RefusalTexts {
  /** By the error's code: the fallback for anything more specific below. */
  codes: Record<DomainErrorCode, string>;
  /** By the first field's code of a validation error. */
  fields: Record<string, string>;
  /** By `details.reason`, the most specific: core names why it refused. */
  reasons: Record<string, Text>;
  /** By what the update acts on, then the code. */
  subjects: Record<RefusalSubject, Partial<Record<DomainErrorCode, string>>>;
  /** A button whose handler failed unexpectedly: the update is retried, the spinner must still stop. */
  failed: string;
}

const str = (value: unknown) => (typeof value === 'string' && value ? value : '—');
const version = (value: unknown) => (typeof value === 'number' ? value : null);

/**
 * Every reply the bot gives when the domain refuses something, in both languages, in one table.
 * Features never word a refusal themselves: they let core's `DomainError` reach the boundary.
 */
export const REFUSAL_TEXTS: Record<TextLocale, RefusalTexts> = {
  ru: {
    codes: {
      validation: 'Не получилось: данные не подходят. Проверьте и попробуйте ещё раз.',
      not_found: 'Этого уже нет: запись удалена или недоступна вам.',
      conflict: 'Пока вы отвечали, здесь всё изменилось. Посмотрите последнее сообщение и попробуйте ещё раз.',
      unauthorized: 'Это действие вам недоступно. Обратитесь к менеджеру.',
      forbidden: 'Это действие вам недоступно. Обратитесь к менеджеру.',
      rate_limited: 'Слишком много сообщений подряд. Подождите минуту и попробуйте снова.',
      unavailable: 'Сервис ненадолго недоступен. Попробуйте через несколько минут.',
    },
    fields: {
      invalid_phone: 'Не получилось разобрать номер телефона. Напишите его полностью, например 8 900 123-45-67.',
      invalid_number: 'Не получилось разобрать число. Например: 12 500 или 12,5к.',
      too_large: 'Слишком большое значение. Проверьте и попробуйте ещё раз.',
    },
    reasons: {
      already_decided: ({ details, when }) =>
        `Решение уже принято: ${details.status === 'approved' ? 'одобрено' : 'отклонено'} (${str(details.decided_by_name)}, ${when(details.decided_at)}).`,
      stale_change_order: 'Эти допработы устарели: договор изменился после их подготовки. Менеджер пришлёт обновлённый вариант.',
      outdated: ({ details }) => {
        const latest = version(details.latest_version);
        return `Эта версия устарела${latest ? `: после неё отправлена версия ${latest}` : ''}. Откройте последнюю.`;
      },
      not_sent: 'Эта смета ещё не отправлена.',
      appointment_cancelled: 'Этот визит отменён.',
      appointment_past: 'Время визита уже прошло — напишите менеджеру здесь.',
    },
    subjects: {
      project: { forbidden: 'Этот объект вам недоступен.' },
      visit: { not_found: 'Эта кнопка не для вас.', forbidden: 'Эта кнопка не для вас.', conflict: 'Эта кнопка уже не действует.' },
      estimate: { not_found: 'Эта смета вам недоступна.' },
      change_request: { not_found: 'Этот запрос вам недоступен.' },
    },
    failed: 'Не получилось сохранить, попробуем ещё раз через минуту.',
  },
  en: {
    codes: {
      validation: 'That did not work: the details are not valid. Check them and try again.',
      not_found: 'This is no longer there: it was removed or is not available to you.',
      conflict: 'This changed while you were answering. Look at the latest message and try again.',
      unauthorized: 'This action is not available to you. Please ask your manager.',
      forbidden: 'This action is not available to you. Please ask your manager.',
      rate_limited: 'Too many messages in a row. Wait a minute and try again.',
      unavailable: 'The service is briefly unavailable. Try again in a few minutes.',
    },
    fields: {
      invalid_phone: 'Could not read the phone number. Write it in full, e.g. +44 7911 123456.',
      invalid_number: 'Could not read the number. For example: 12 500 or 12.5k.',
      too_large: 'The value is too large. Check it and try again.',
    },
    reasons: {
      already_decided: ({ details, when }) =>
        `Already decided: ${details.status === 'approved' ? 'approved' : 'declined'} by ${str(details.decided_by_name)}, ${when(details.decided_at)}.`,
      stale_change_order: 'This change order is out of date: the contract changed since it was prepared. Your manager will send an updated one.',
      outdated: ({ details }) => {
        const latest = version(details.latest_version);
        return `This version is out of date${latest ? `: version ${latest} was sent after it` : ''}. Please open the latest one.`;
      },
      not_sent: 'This estimate has not been sent yet.',
      appointment_cancelled: 'This visit is cancelled.',
      appointment_past: 'The visit time has passed — please write to the manager here.',
    },
    subjects: {
      project: { forbidden: 'This project is not available to you.' },
      visit: { not_found: 'This button is not for you.', forbidden: 'This button is not for you.', conflict: 'This button no longer works.' },
      estimate: { not_found: 'This estimate is not available to you.' },
      change_request: { not_found: 'This request is not available to you.' },
    },
    failed: 'Could not save that just now; we will try again in a minute.',
  },
};
