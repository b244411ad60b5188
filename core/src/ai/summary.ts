import type { Language, LeadFields } from './extract.js';

const WORK: Record<Language, Record<string, string>> = {
  ru: {
    apartment: 'ремонт квартиры',
    bathroom: 'ремонт санузла',
    kitchen: 'ремонт кухни',
    cosmetic: 'косметический ремонт',
    capital: 'капитальный ремонт',
    design: 'дизайн-проект',
    other: 'другие работы',
  },
  en: {
    apartment: 'apartment renovation',
    bathroom: 'bathroom renovation',
    kitchen: 'kitchen renovation',
    cosmetic: 'cosmetic renovation',
    capital: 'full renovation',
    design: 'design project',
    other: 'other work',
  },
};
const LABELS = {
  ru: { rooms: 'комнат', budget: 'бюджет', timing: 'сроки', new_build: 'новостройка', secondary: 'вторичка', address: 'адрес', phone: 'тел.', hot: 'оценка' },
  en: {
    rooms: 'rooms',
    budget: 'budget',
    timing: 'timing',
    new_build: 'new build',
    secondary: 'secondary market',
    address: 'address',
    phone: 'phone',
    hot: 'score',
  },
};

/** A one-line summary of what is known about the lead, for the card in the back office. */
export function summarise(lead: LeadFields, hotness: { score: number; reasons: string[] }, language: Language): string {
  const l = LABELS[language];
  const parts = [
    lead.work_type ? WORK[language][lead.work_type] : null,
    lead.area_m2 ? `${lead.area_m2} м²` : null,
    lead.rooms !== undefined ? `${l.rooms}: ${lead.rooms}` : null,
    lead.property_type ? l[lead.property_type] : null,
    lead.budget ? `${l.budget} ${lead.budget.amount} ${lead.budget.currency}` : null,
    lead.timing ? `${l.timing}: ${lead.timing}` : null,
    lead.address ? `${l.address}: ${lead.address}` : null,
    lead.phone ? `${l.phone} ${lead.phone}` : null,
  ].filter(Boolean);
  const reasons = hotness.reasons.length ? ` (${hotness.reasons.slice(0, 4).join(', ')})` : '';
  return `${parts.join(', ') || '—'}. ${l.hot} ${hotness.score}/100${reasons}`.slice(0, 1000);
}
