import type { WorkType } from '@crm/database';

/** A lead's work type in words (stage names belong to the organization's pipeline: pipeline.ts). */
export const WORK_TYPE_LABELS: Record<'ru' | 'en', Record<WorkType, string>> = {
  ru: {
    apartment: 'Квартира целиком',
    bathroom: 'Санузел',
    kitchen: 'Кухня',
    cosmetic: 'Косметический',
    capital: 'Капитальный',
    design: 'Дизайн',
    other: 'Другое',
  },
  en: {
    apartment: 'Whole apartment',
    bathroom: 'Bathroom',
    kitchen: 'Kitchen',
    cosmetic: 'Cosmetic',
    capital: 'Major renovation',
    design: 'Design',
    other: 'Other',
  },
};
