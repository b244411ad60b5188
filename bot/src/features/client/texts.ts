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
  decidedNote: (status: string, who: string, when: string) => `${status === 'approved' ? '✅ Approved' : '❌ Declined'} by ${who}, ${when}`,
  notYours: 'This request is not available to you.',
  stale: 'This button is no longer valid.',
};

const ru: typeof en = {
  menuButton: 'Мой ремонт',
  openApp: 'Открыть в приложении',
  approvedNote: (when) => `✅ Вы одобрили, ${when}`,
  rejectedNote: (when) => `❌ Вы отклонили, ${when}`,
  approvedAnswer: 'Одобрено. Менеджер получил уведомление.',
  rejectedAnswer: 'Отклонено. Менеджер получил уведомление.',
  decidedNote: (status, who, when) => `${status === 'approved' ? '✅ Одобрено' : '❌ Отклонено'} (${who}, ${when})`,
  notYours: 'Этот запрос вам недоступен.',
  stale: 'Эта кнопка больше не действует.',
};

export const clientTexts = (locale: ClientLocale) => (locale === 'en' ? en : ru);
