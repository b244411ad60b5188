import type { PropertyType, WorkType } from '@crm/contracts';
import { normalizePhone } from '../phone.js';
import { normaliseArea, scaleAmount } from './amounts.js';

// Rule-based extraction of qualification fields from a lead's free text (Russian and English).
// Each extractor removes what it consumed so that, for example, a phone number or an area is never
// read again as a budget.

export type Language = 'ru' | 'en';

export interface LeadFields {
  work_type?: WorkType;
  area_m2?: string;
  rooms?: number;
  budget?: { amount: string; currency: string };
  timing?: string;
  property_type?: PropertyType;
  address?: string;
  phone?: string;
}

const NUM = String.raw`\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?`;

/** Cyrillic vs Latin letters; undefined when the text has neither. */
export function detectLanguage(text: string): Language | undefined {
  const cyrillic = (text.match(/[а-яё]/gi) ?? []).length;
  const latin = (text.match(/[a-z]/gi) ?? []).length;
  if (!cyrillic && !latin) return undefined;
  return cyrillic >= latin ? 'ru' : 'en';
}

function take(state: { text: string }, re: RegExp): RegExpExecArray | null {
  const match = re.exec(state.text);
  if (match) state.text = state.text.slice(0, match.index) + ' ' + state.text.slice(match.index + match[0].length);
  return match;
}

const PHONE_RUN = /(?<!\d)\+?\d[\d\s\-()]{8,17}\d(?!\d)/g;

function extractPhone(state: { text: string }, country: string): string | undefined {
  for (const match of state.text.matchAll(PHONE_RUN)) {
    const digits = match[0].replace(/\D/g, '');
    if (digits.length < 10 || /^\d{1,3}(\s\d{3})+$/.test(match[0].trim())) continue;
    const phone = normalizePhone(match[0], country);
    if (phone) {
      state.text = state.text.replace(match[0], ' ');
      return phone;
    }
  }
  return undefined;
}

const AREA_UNIT = String.raw`(?:кв\.?\s*м(?:етр[\wа-яё]*)?\.?|кв\.?\s*метр[\wа-яё]*|квадрат[\wа-яё]*|м\s?2|м²|метр[\wа-яё]*\s+квадратн[\wа-яё]*|квм|m\s?2|m²|sq\.?\s*m[\wа-яё]*|sqm|square\s+met[\wа-яё]*)`;

function extractArea(state: { text: string }): string | undefined {
  const match =
    take(state, new RegExp(String.raw`(\d{1,5}(?:[.,]\d{1,2})?)\s*${AREA_UNIT}(?![а-яa-z])`, 'i')) ??
    take(state, /(?:площадь[\wа-яё]*|метраж[\wа-яё]*|area)\D{0,12}?(\d{1,4}(?:[.,]\d{1,2})?)(?!\s*(?:%|руб|р\.|тыс|млн|k\b|к(?![а-яё])))/i) ??
    take(state, /(\d{2,4}(?:[.,]\d{1,2})?)\s*(?:метр(?:ов|а)?|м\.?)(?![а-яa-z])/i);
  return match ? (normaliseArea(match[1]) ?? undefined) : undefined;
}

const ROOM_WORDS: Array<[RegExp, number]> = [
  [/однушк|однокомнатн|одна комната|1[\s-]*(?:к(?![а-яё])|комн)/i, 1],
  [/двушк|двухкомнатн|двух комнатн|2[\s-]*х?[\s-]*(?:к(?![а-яё])|комн)|две комнаты/i, 2],
  [/тр[её]шк|тр[её]хкомнатн|3[\s-]*х?[\s-]*(?:к(?![а-яё])|комн)|три комнаты/i, 3],
  [/четыр[её]хкомнатн|4[\s-]*х?[\s-]*(?:к(?![а-яё])|комн)|четыре комнаты/i, 4],
  [/пятикомнатн|5[\s-]*(?:к(?![а-яё])|комн)/i, 5],
  [/студи[яюиейо]|\bstudio\b/i, 0],
  [/\b(?:one|1)[\s-]*(?:bed(?:room)?s?|br)\b/i, 1],
  [/\b(?:two|2)[\s-]*(?:bed(?:room)?s?|br|room)\b/i, 2],
  [/\b(?:three|3)[\s-]*(?:bed(?:room)?s?|br|room)\b/i, 3],
  [/\b(?:four|4)[\s-]*(?:bed(?:room)?s?|br|room)\b/i, 4],
];

function extractRooms(state: { text: string }): number | undefined {
  for (const [re, rooms] of ROOM_WORDS) if (take(state, re)) return rooms;
  return undefined;
}

const CURRENCIES: Array<[RegExp, string]> = [
  [/^(?:₽|руб[\wа-яё]*|р\.?|rub[\wа-яё]*|рублей)$/i, 'RUB'],
  [/^(?:\$|usd|доллар[\wа-яё]*|долл\.?|dollars?|бакс[\wа-яё]*)$/i, 'USD'],
  [/^(?:€|eur|euro?s?|евро)$/i, 'EUR'],
  [/^(?:₸|kzt|тенге)$/i, 'KZT'],
];
const MULTIPLIERS: Array<[RegExp, bigint]> = [
  [/^(?:млн\.?|миллион[\wа-яё]*|mln|million|mio|m)$/i, 1_000_000n],
  [/^(?:тыс\.?|тысяч[\wа-яё]*|т\.?р\.?|тр|к|k|thousand|grand)$/i, 1_000n],
];
const CUR = String.raw`₽|\$|€|₸|руб[\wа-яё]*|р\.|rub[\wа-яё]*|usd|eur[\wа-яё]*|евро|доллар[\wа-яё]*|долл\.?|dollars?|бакс[\wа-яё]*|тенге|kzt`;
const MUL = String.raw`млн\.?|миллион[\wа-яё]*|mln|million|тыс\.?|тысяч[\wа-яё]*|т\.р\.?|тр|к|k|thousand|m`;
const BUDGET_WORDS =
  /бюджет|готов[\wа-яё]* (?:потратить|вложить|заплатить)|рассчитыва[\wа-яё]*|budget|can spend|willing to spend|up to|до\s+\d|around|около|примерно|в пределах|within/i;

function currencyOf(token: string | undefined): string | undefined {
  if (!token) return undefined;
  return CURRENCIES.find(([re]) => re.test(token.trim()))?.[1];
}
function multiplierOf(token: string | undefined): bigint {
  if (!token) return 1n;
  return MULTIPLIERS.find(([re]) => re.test(token.trim()))?.[1] ?? 1n;
}

function extractBudget(state: { text: string }, defaultCurrency: string): LeadFields['budget'] {
  const re = new RegExp(String.raw`(${CUR})?\s?(${NUM})(?:\s*(?:-|–|—|до|to)\s*(${NUM}))?\s*(${MUL})?(?![а-яa-z])\.?\s*(${CUR})?(?![а-яa-z])`, 'gi');
  const hasBudgetWord = BUDGET_WORDS.test(state.text);
  for (const match of state.text.matchAll(re)) {
    const [, before, low, high, mul, after] = match;
    const currency = currencyOf(before) ?? currencyOf(after);
    const multiplier = multiplierOf(mul);
    if (!currency && multiplier === 1n && !hasBudgetWord) continue;
    const amount = scaleAmount(high ?? low, multiplier);
    // NUMERIC(14,2): anything longer is not a budget people mean.
    if (!amount || amount.length > 15) continue;
    // Without a unit, only a plausible renovation budget counts (not "2 санузла" or "в 2025 году").
    if (!currency && multiplier === 1n && (Number(amount) < 10_000 || /^(?:19|20)\d\d$/.test(low.trim()))) continue;
    if (Number(amount) <= 0) continue;
    state.text = state.text.replace(match[0], ' ');
    return { amount, currency: currency ?? defaultCurrency };
  }
  return undefined;
}

const WORK_TYPE_PATTERNS: Array<[WorkType, RegExp]> = [
  ['design', /дизайн|design/i],
  [
    'capital',
    /капитальн|капремонт|кап\.?\s*ремонт|с нуля|полн[\wа-яё]+ ремонт|под ключ|full renovation|complete renovation|gut renovation|major renovation|capital/i,
  ],
  ['cosmetic', /косметич|косметик|освежить|cosmetic|refresh|light renovation|repaint/i],
  ['bathroom', /сан\.?\s*уз|ванн|туалет|душев|bathroom|toilet|shower|restroom/i],
  ['kitchen', /кухн|kitchen/i],
  ['apartment', /квартир|ремонт|apartment|\bflat\b|renovat|refurbish|condo/i],
];
const OTHER_WORK = /офис|балкон|лоджи|коттедж|частн[\wа-яё]+ дом|дач|магазин|office|balcony|cottage|house|shop|store/i;

function extractWorkType(text: string): WorkType | undefined {
  const hits = new Set(WORK_TYPE_PATTERNS.filter(([, re]) => re.test(text)).map(([type]) => type));
  if (hits.has('design')) return 'design';
  const bathroom = hits.has('bathroom');
  const kitchen = hits.has('kitchen');
  // "ремонт квартиры с кухней и санузлом" is the whole flat, not one room.
  const scope: WorkType | undefined = bathroom && kitchen ? 'apartment' : bathroom ? 'bathroom' : kitchen ? 'kitchen' : undefined;
  if (hits.has('capital') && scope !== 'bathroom' && scope !== 'kitchen') return 'capital';
  if (hits.has('cosmetic') && scope !== 'bathroom' && scope !== 'kitchen') return 'cosmetic';
  if (scope) return scope;
  if (OTHER_WORK.test(text)) return 'other';
  return hits.has('apartment') ? 'apartment' : undefined;
}

function extractPropertyType(text: string): PropertyType | undefined {
  if (/новостро|новый дом|от застройщика|без отделки|черновая|предчистовая|new[\s-]?build|newly built|new construction|new development/i.test(text))
    return 'new_build';
  if (/вторичк|вторичн|старый фонд|хрущ|сталинк|панельк|secondary|resale|old building|pre-war/i.test(text)) return 'secondary';
  return undefined;
}

const MONTHS_RU =
  'январ[а-яё]*|феврал[а-яё]*|март[а-яё]*|апрел[а-яё]*|ма[йея][а-яё]*|июн[а-яё]*|июл[а-яё]*|август[а-яё]*|сентябр[а-яё]*|октябр[а-яё]*|ноябр[а-яё]*|декабр[а-яё]*';
const MONTHS_EN = 'january|february|march|april|may|june|july|august|september|october|november|december';
const TIMING = new RegExp(
  [
    'срочно',
    'как можно скорее',
    'как можно быстрее',
    'в ближайшее время',
    'прямо сейчас',
    'не спешим',
    'не срочно',
    String.raw`(?:через|в течение)\s+(?:\d+|пару|пол|несколько|одну|один|две|два|три)?\s*(?:недел[\wа-яё]*|месяц[\wа-яё]*|год[\wа-яё]*|дн[\wа-яё]*)`,
    String.raw`(?:в|с|к|до|после)\s+(?:${MONTHS_RU})(?:\s+\d{4})?`,
    String.raw`(?:на\s+)?следующ[\wа-яё]+\s+(?:недел[\wа-яё]*|месяц[\wа-яё]*|год[\wа-яё]*)`,
    String.raw`(?:этой|этим|в этом)\s+(?:осень[\wа-яё]*|весн[\wа-яё]*|лет[\wа-яё]*|зим[\wа-яё]*|месяц[\wа-яё]*|году)`,
    String.raw`(?:летом|осенью|весной|зимой)`,
    String.raw`(?:в|к)\s+(?:нов[\wа-яё]+ год[\wа-яё]*|\d{4}\s+год[\wа-яё]*)`,
    'asap',
    'as soon as possible',
    'right away',
    'immediately',
    'urgent\\w*',
    'no rush',
    'not urgent',
    String.raw`(?:next|this)\s+(?:week|month|year|spring|summer|autumn|fall|winter)`,
    String.raw`in\s+(?:\d+|a|two|three|a few|a couple of)\s+(?:weeks?|months?|years?)`,
    String.raw`(?:in|by|from|after)\s+(?:${MONTHS_EN})(?:\s+\d{4})?`,
    String.raw`within\s+(?:a|\d+)\s+(?:weeks?|months?)`,
  ].join('|'),
  'i',
);

function extractTiming(text: string): string | undefined {
  const match = TIMING.exec(text);
  return match ? match[0].trim() : undefined;
}

const ADDRESS = [
  /(?:^|\s)((?:ул\.|улиц[аеы]|пр-т|просп\.|проспект[\wа-яё]*|пер\.|переул[\wа-яё]*|шоссе|бульвар[\wа-яё]*|б-р|наб\.|набережн[\wа-яё]*)\s+[^,.;!?\n]{2,40}?(?:,?\s*(?:д\.?\s*)?\d+[а-я]?)?)(?=[,.;!?\n]|$)/i,
  /(?:^|\s)((?:район[ае]?|р-не?|мкр\.?|микрорайон[\wа-яё]*)\s+[^,.;!?\n]{2,30})(?=[,.;!?\n]|$)/i,
  /(?:^|\s)((?:м\.|метро|ст\.\s*м\.)\s+[А-ЯЁ][^,.;!?\n]{1,30})(?=[,.;!?\n]|$)/,
  /(?:^|\s)(ЖК\s+[«"]?[^,.;!?\n»"]{2,30}[»"]?)/,
  /(?:^|\s)(\d+\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Boulevard|Blvd|Drive|Dr)\b\.?)/,
  /(?:^|\s)((?:[A-Z][\w-]+\s+){1,2}(?:district|area|neighbou?rhood))\b/,
  /(?:^|\s)(?:in|near)\s+(?:the\s+)?((?:[A-Z][\w-]+\s?){1,2})\s+(?:district|area|neighbou?rhood)\b/,
];

function extractAddress(text: string): string | undefined {
  for (const re of ADDRESS) {
    const match = re.exec(text);
    if (match)
      return match[1]
        .trim()
        .replace(/\s+/g, ' ')
        .replace(/\s+(?:и|and|в|in)$/i, '');
  }
  return undefined;
}

/** Everything the rules can read from one text. Fields not found are absent. */
export function extractLeadFields(text: string, defaultCurrency = 'RUB', country = 'RU'): LeadFields {
  const state = { text: ` ${text} ` };
  const fields: LeadFields = {};
  const address = extractAddress(text);
  const phone = extractPhone(state, country);
  const timing = extractTiming(state.text);
  if (timing) state.text = state.text.replace(timing, ' ');
  const area = extractArea(state);
  const rooms = extractRooms(state);
  const budget = extractBudget(state, defaultCurrency);
  const workType = extractWorkType(text);
  const propertyType = extractPropertyType(text);
  if (workType) fields.work_type = workType;
  if (area) fields.area_m2 = area;
  if (rooms !== undefined) fields.rooms = rooms;
  if (budget) fields.budget = budget;
  if (timing) fields.timing = timing;
  if (propertyType) fields.property_type = propertyType;
  if (address) fields.address = address;
  if (phone) fields.phone = phone;
  return fields;
}

/** The first phone number written in a text, normalised (E.164), if any. */
export const phoneInText = (text: string, country = 'RU'): string | undefined => extractPhone({ text: ` ${text} ` }, country);

/** Whether a text holds a run of digits long enough to be a phone: without one, phoneInText finds none in any country. */
export const mayHoldPhone = (text: string): boolean => [...` ${text} `.matchAll(PHONE_RUN)].some((match) => match[0].replace(/\D/g, '').length >= 10);
