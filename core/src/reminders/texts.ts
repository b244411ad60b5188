export type TextLocale = 'ru' | 'en';

/** The user's Telegram language wins when it is one we speak; else the organization's locale. */
export function pickLocale(orgLocale: string | null | undefined, languageCode?: string | null): TextLocale {
  const user = languageCode?.slice(0, 2).toLowerCase();
  if (user === 'ru' || user === 'en') return user;
  return orgLocale === 'en' ? 'en' : 'ru';
}

export function reminderText(locale: TextLocale, name: string): string {
  return locale === 'en'
    ? `${name}, no report from you today yet. Please send photos and a short note: tap “Report” in the menu.`
    : `${name}, сегодня от вас ещё нет отчёта. Пожалуйста, пришлите фото и короткий комментарий: кнопка «Отчёт» в меню.`;
}

export function digestText(
  locale: TextLocale,
  reportDate: string,
  reports: Array<{ project_name: string; reports: number; authors: string | null }>,
  missing: string[],
): { title: string; body: string } {
  const en = locale === 'en';
  const title = en ? `Daily reports for ${reportDate}` : `Отчёты за ${reportDate}`;
  const lines = reports.length
    ? reports.map((r) => `• ${r.project_name}: ${r.reports}${r.authors ? ` (${r.authors})` : ''}`)
    : [en ? 'No reports.' : 'Отчётов нет.'];
  if (missing.length) lines.push('', `${en ? 'No report from' : 'Нет отчёта от'}: ${missing.join(', ')}`);
  return { title, body: lines.join('\n') };
}
