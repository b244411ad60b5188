/** What the client sees in the chat, in Russian and English. */
export type ClientLocale = 'ru' | 'en';

export const pickClientLocale = (orgLocale: string, telegramLanguage?: string | null): ClientLocale =>
  telegramLanguage?.startsWith('ru') ? 'ru' : telegramLanguage?.startsWith('en') ? 'en' : orgLocale === 'en' ? 'en' : 'ru';

const en = {
  menuButton: 'My renovation',
  openApp: 'Open in the app',
  approvedNote: (when: string) => `✅ Approved by you, ${when}`,
  rejectedNote: (when: string) => `❌ Declined by you, ${when}`,
  approvedAnswer: 'Approved. Your manager has been notified.',
  rejectedAnswer: 'Declined. Your manager has been notified.',
  alreadyDecided: (status: string, who: string, when: string) => `Already decided: ${status === 'approved' ? 'approved' : 'declined'} by ${who}, ${when}.`,
  decidedNote: (status: string, who: string, when: string) => `${status === 'approved' ? '✅ Approved' : '❌ Declined'} by ${who}, ${when}`,
  notYours: 'This request is not available to you.',
  stale: 'This button is no longer valid.',
  failed: 'Could not save your decision; please try again.',
  outdated: 'This change order is out of date: the contract changed since it was prepared. Your manager will send an updated one.',
};

const ru: typeof en = {
  menuButton: 'Мой ремонт',
  openApp: 'Открыть в приложении',
  approvedNote: (when) => `✅ Вы одобрили, ${when}`,
  rejectedNote: (when) => `❌ Вы отклонили, ${when}`,
  approvedAnswer: 'Одобрено. Менеджер получил уведомление.',
  rejectedAnswer: 'Отклонено. Менеджер получил уведомление.',
  alreadyDecided: (status, who, when) => `Решение уже принято: ${status === 'approved' ? 'одобрено' : 'отклонено'} (${who}, ${when}).`,
  decidedNote: (status, who, when) => `${status === 'approved' ? '✅ Одобрено' : '❌ Отклонено'} (${who}, ${when})`,
  notYours: 'Этот запрос вам недоступен.',
  stale: 'Эта кнопка больше не действует.',
  failed: 'Не удалось сохранить решение, попробуйте ещё раз.',
  outdated: 'Эти допработы устарели: договор изменился после их подготовки. Менеджер пришлёт обновлённый вариант.',
};

export const clientTexts = (locale: ClientLocale) => (locale === 'en' ? en : ru);
export type ClientTexts = typeof en;

export function formatWhen(date: Date | string, locale: ClientLocale, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  try {
    return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ru-RU', { ...options, timeZone }).format(new Date(date));
  } catch {
    return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ru-RU', options).format(new Date(date));
  }
}
