import { CATALOGUE_KINDS, CATALOGUE_UNITS, type CatalogueKind, type CatalogueUnit } from '@crm/database';

/** How each stored unit code is written for people, per language. */
const UNIT_LABELS: Record<CatalogueUnit, { ru: string; en: string }> = {
  m2: { ru: 'м²', en: 'm²' },
  m: { ru: 'м', en: 'm' },
  pcs: { ru: 'шт', en: 'pcs' },
  point: { ru: 'точка', en: 'point' },
  set: { ru: 'компл.', en: 'set' },
  m3: { ru: 'м³', en: 'm³' },
  kg: { ru: 'кг', en: 'kg' },
  l: { ru: 'л', en: 'l' },
  hour: { ru: 'ч', en: 'hour' },
  day: { ru: 'день', en: 'day' },
  pack: { ru: 'уп.', en: 'pack' },
  t: { ru: 'т', en: 't' },
};

export const KIND_LABELS: Record<CatalogueKind, { ru: string; en: string }> = {
  work: { ru: 'Работа', en: 'Work' },
  material: { ru: 'Материал', en: 'Material' },
};

// Spellings met in Russian and English price lists, after lower-casing and dropping dots and spaces.
const UNIT_SPELLINGS: Record<CatalogueUnit, string[]> = {
  m2: ['m2', 'м2', 'm²', 'м²', 'квм', 'кв.м', 'квметр', 'sqm', 'sq.m', 'мкв', 'squaremetre', 'squaremeter'],
  m: ['m', 'м', 'мп', 'пм', 'погм', 'пог.м', 'метр', 'lm', 'rm', 'metre', 'meter'],
  pcs: ['pcs', 'pc', 'шт', 'штук', 'штука', 'piece', 'pieces', 'ea', 'each', 'unit'],
  point: ['point', 'points', 'точка', 'точ', 'тчк', 'точки'],
  set: ['set', 'компл', 'комплект', 'к-т', 'кт', 'kit'],
  m3: ['m3', 'м3', 'm³', 'м³', 'кубм', 'куб.м', 'куб', 'cbm', 'cum'],
  kg: ['kg', 'кг', 'килограмм'],
  l: ['l', 'л', 'литр', 'litre', 'liter', 'ltr'],
  hour: ['hour', 'hours', 'h', 'hr', 'ч', 'час', 'чел-ч', 'челч', 'нч', 'н-ч'],
  day: ['day', 'days', 'день', 'дн', 'сут', 'сутки', 'смена'],
  pack: ['pack', 'pk', 'уп', 'упак', 'упаковка', 'мешок', 'меш', 'bag', 'рулон', 'рул', 'roll'],
  t: ['t', 'т', 'тн', 'тонна', 'ton', 'tonne'],
};

const squeeze = (text: string) =>
  text
    .toLowerCase()
    .replace(/[\s.]+/g, '')
    .replace(/\^/g, '');

const UNIT_LOOKUP = new Map<string, CatalogueUnit>();
for (const unit of CATALOGUE_UNITS) {
  for (const spelling of [unit, ...UNIT_SPELLINGS[unit], UNIT_LABELS[unit].ru, UNIT_LABELS[unit].en]) UNIT_LOOKUP.set(squeeze(spelling), unit);
}

/** A unit as written in a file or typed ("м²", "кв. м", "шт.", "m2") → its code, or null. */
export function readUnit(text: string): CatalogueUnit | null {
  return UNIT_LOOKUP.get(squeeze(text)) ?? null;
}

/** "работа", "Материал", "work" → the kind; null when it is neither. */
export function readKind(text: string): CatalogueKind | null {
  const word = text.trim().toLowerCase();
  if (!word) return null;
  if ((CATALOGUE_KINDS as readonly string[]).includes(word)) return word as CatalogueKind;
  if (/^(работ|услуг|service|labou?r)/.test(word)) return 'work';
  if (/^(матер|товар|material|goods)/.test(word)) return 'material';
  return null;
}

export const unitLabel = (unit: CatalogueUnit, locale: 'ru' | 'en') => UNIT_LABELS[unit]?.[locale] ?? unit;
