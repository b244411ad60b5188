import type { LeadStatus, WorkType } from '@crm/database';

/** A single lead's status in words (a Kanban column header is the plural, shown by the back office). */
export const LEAD_STATUS_LABELS: Record<'ru' | 'en', Record<LeadStatus, string>> = {
  ru: { new: 'Новый', qualified: 'Квалифицирован', measurement: 'Замер', estimate: 'Смета', contract: 'Договор', won: 'Выигран', lost: 'Проигран' },
  en: { new: 'New', qualified: 'Qualified', measurement: 'Measurement', estimate: 'Estimate', contract: 'Contract', won: 'Won', lost: 'Lost' },
};

export const WORK_TYPE_LABELS: Record<'ru' | 'en', Record<WorkType, string>> = {
  ru: { apartment: 'Квартира целиком', bathroom: 'Санузел', kitchen: 'Кухня', cosmetic: 'Косметический', capital: 'Капитальный', design: 'Дизайн', other: 'Другое' },
  en: { apartment: 'Whole apartment', bathroom: 'Bathroom', kitchen: 'Kitchen', cosmetic: 'Cosmetic', capital: 'Major renovation', design: 'Design', other: 'Other' },
};
