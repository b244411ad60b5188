/**
 * Formats an exact NUMERIC string for people. Money is never added up in floats; this only renders
 * a single value (Intl handles up to 15 significant digits exactly, far above NUMERIC(14,2)).
 */
export function formatMoney(amount: string, currency: string, locale: 'ru' | 'en', { sign = false } = {}): string {
  try {
    return new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'ru-RU', {
      style: 'currency', currency, signDisplay: sign ? 'exceptZero' : 'auto', maximumFractionDigits: 2, minimumFractionDigits: 0,
    }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
}
