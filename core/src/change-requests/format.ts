/**
 * Formats an exact NUMERIC string for people. Money is never added up in floats; this only renders
 * a single value (Intl handles up to 15 significant digits exactly, far above NUMERIC(14,2)).
 */
export function formatMoney(amount: string, currency: string, locale: 'ru' | 'en', { sign = false } = {}): string {
  try {
    return new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'ru-RU', {
      style: 'currency',
      currency,
      signDisplay: sign ? 'exceptZero' : 'auto',
      ...digits(amount),
    }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
}

/** Whole amounts without decimals, anything with cents with both digits. */
const digits = (amount: string) => {
  const n = /\.\d*[1-9]/.test(amount) ? 2 : 0;
  return { minimumFractionDigits: n, maximumFractionDigits: n };
};
