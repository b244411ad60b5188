import type { Locale } from '@crm/database';

/** The built-in expense categories' names; an organization's own categories show as written. */
export const EXPENSE_CATEGORY_LABELS: Record<'ru' | 'en', Record<string, string>> = {
  ru: { materials: 'Материалы', labour: 'Работа', tools: 'Инструменты', transport: 'Транспорт', other: 'Прочее', advance: 'Аванс', payment: 'Оплата' },
  en: { materials: 'Materials', labour: 'Labour', tools: 'Tools', transport: 'Transport', other: 'Other', advance: 'Advance payment', payment: 'Payment' },
};

export const expenseCategoryLabel = (category: string, locale: Locale | string): string =>
  EXPENSE_CATEGORY_LABELS[locale === 'en' ? 'en' : 'ru'][category] ?? category;
