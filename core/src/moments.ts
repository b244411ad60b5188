import { safeZone } from './time/zone.js';

/** How dates and moments read to people in the product's languages (Telegram texts, documents, visits). */

/** The Intl locale a language is written in: Russian, or British English (day before month, 24-hour clock). */
export const intlLocale = (locale: 'ru' | 'en') => (locale === 'en' ? 'en-GB' : 'ru-RU');

/**
 * A moment as a short date and time on the organization's clock: `1 Mar, 10:30`, `1 мар., 10:30`.
 * A time zone Intl does not know reads as UTC, as everywhere on the firm's clock, instead of failing the message.
 */
export function formatWhen(moment: Date | string, locale: 'ru' | 'en', timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: safeZone(timeZone) };
  return new Intl.DateTimeFormat(intlLocale(locale), options).format(new Date(moment));
}
