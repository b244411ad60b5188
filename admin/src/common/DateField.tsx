import { DateField as RaDateField, useLocaleState, type DateFieldProps } from 'react-admin';

/** Dates in the interface language rather than the browser's. */
export function DateField(props: DateFieldProps) {
  const [locale] = useLocaleState();
  return <RaDateField locales={locale === 'ru' ? 'ru-RU' : 'en-GB'} {...props} />;
}
