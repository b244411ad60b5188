import { useLocaleState, useRecordContext, type FieldProps } from 'react-admin';
import { Typography } from '@mui/material';
import { useMe } from './useMe';

/**
 * Money travels as exact decimal strings ("12500.00"). Sums of a few values for display are done in
 * integer minor units so no float rounding leaks into totals.
 */
export const toCents = (value: string | number | null | undefined) => {
  if (value === null || value === undefined || value === '') return 0n;
  const [whole, frac = ''] = String(value).split('.');
  const negative = whole.startsWith('-');
  const cents = BigInt(whole.replace('-', '') || '0') * 100n + BigInt((frac + '00').slice(0, 2));
  return negative ? -cents : cents;
};
export const centsToNumber = (cents: bigint) => Number(cents) / 100;

// Building an Intl.NumberFormat is costly; a board renders hundreds of amounts, so each is built once.
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, currency: string) {
  const key = `${locale}:${currency}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2 })));
  return format;
}

export function useMoneyFormat() {
  const { organization } = useMe();
  const [locale] = useLocaleState();
  const orgCurrency = organization?.currency ?? 'RUB';
  const formatter = (currency: string) => numberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', currency);
  const format = formatter(orgCurrency);
  /** Formats in the organization's currency unless another one is named. */
  return (value: string | number | bigint | null | undefined, currency?: string) => {
    if (value === null || value === undefined || value === '') return '—';
    return (currency && currency !== orgCurrency ? formatter(currency) : format).format(typeof value === 'bigint' ? centsToNumber(value) : Number(value));
  };
}

export function MoneyField({ source, color }: FieldProps & { source: string; color?: string }) {
  const record = useRecordContext();
  const money = useMoneyFormat();
  if (!record) return null;
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap', color }}>
      {money(record[source])}
    </Typography>
  );
}
