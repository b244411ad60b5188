import { currencyMinorUnits } from '../money/decimal.js';
import { intlLocale } from '../moments.js';
import { safeZone } from '../time/zone.js';

export type DocumentLocale = 'ru' | 'en';

/**
 * An exact NUMERIC string as a printed amount with all of the currency's minor digits, so a
 * column of amounts lines up. Only renders one value; sums are made in decimals elsewhere.
 */
export function formatDocumentMoney(amount: string, currency: string, locale: DocumentLocale): string {
  const digits = currencyMinorUnits(currency);
  try {
    return new Intl.NumberFormat(intlLocale(locale), {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
}

/** A quantity without trailing zeros: `12.500` → `12,5` (ru) or `12.5` (en). */
export function formatQuantity(quantity: string, locale: DocumentLocale): string {
  const trimmed = quantity.includes('.') ? quantity.replace(/0+$/, '').replace(/\.$/, '') : quantity;
  return locale === 'ru' ? trimmed.replace('.', ',') : trimmed;
}

/** A calendar date (`YYYY-MM-DD`, no time zone of its own) as people read it. */
export function formatCalendarDate(date: string, locale: DocumentLocale): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(intlLocale(locale), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y!, m! - 1, d!)),
  );
}

/** A moment as a date in the organization's time zone. */
export function formatDateIn(moment: Date, timeZone: string, locale: DocumentLocale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { day: 'numeric', month: 'long', year: 'numeric', timeZone: safeZone(timeZone) }).format(moment);
}
