import polyglotI18nProvider from 'ra-i18n-polyglot';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import { session } from './session';

/** Before the user picks a language: their profile's, the organization's, then the browser's. */
function initialLocale() {
  const chosen = session.locale();
  if (chosen) return chosen;
  return navigator.language?.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export const i18nProvider = polyglotI18nProvider(
  (locale) => (locale === 'en' ? en : ru),
  initialLocale(),
  [
    { locale: 'ru', name: 'Русский' },
    { locale: 'en', name: 'English' },
  ],
  { allowMissing: true },
);
