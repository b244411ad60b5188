import { normaliseArea, scaleAmount } from './amounts.js';
import { detectLanguage, extractLeadFields, type Language, type LeadFields } from './extract.js';

// The built-in qualifier used without an OpenRouter key, when the model fails or the daily cap is
// reached: it reads what it can from the lead's messages and asks the missing essentials in order.

export interface HistoryMessage {
  direction: 'inbound' | 'outbound';
  content: string;
}

export interface QualifierInput {
  history: HistoryMessage[];
  known: LeadFields;
  /** The lead's language when the text does not tell (Telegram language, organization locale). */
  language?: Language;
  currency: string;
  /** The organization's country: phones typed without a country code are read there. */
  country?: string;
}

export interface QualifierResult {
  reply: string;
  lead: LeadFields;
  hotness: { score: number; reasons: string[] };
  wants_human: boolean;
  language: Language;
}

export type QuestionKey = 'work_type' | 'area_m2' | 'budget' | 'timing' | 'address' | 'phone';
const QUESTION_ORDER: QuestionKey[] = ['work_type', 'area_m2', 'budget', 'timing', 'address', 'phone'];

export const QUESTIONS: Record<Language, Record<QuestionKey, string>> = {
  ru: {
    work_type: 'Подскажите, какой ремонт вы планируете: квартира целиком, санузел, кухня, косметический или капитальный ремонт, дизайн-проект?',
    area_m2: 'Какая площадь помещения, примерно в квадратных метрах?',
    budget: 'На какой бюджет вы ориентируетесь?',
    timing: 'Когда вы хотели бы начать ремонт?',
    address: 'В каком районе или по какому адресу находится объект?',
    phone: 'Оставьте, пожалуйста, номер телефона, чтобы менеджер мог связаться с вами и договориться о замере.',
  },
  en: {
    work_type: 'What kind of renovation are you planning: the whole apartment, a bathroom, a kitchen, a cosmetic or a full renovation, or a design project?',
    area_m2: 'What is the area of the space, roughly in square metres?',
    budget: 'What budget do you have in mind?',
    timing: 'When would you like to start the renovation?',
    address: 'Which district or address is the property at?',
    phone: 'Could you leave a phone number so that a manager can contact you and arrange a measurement visit?',
  },
};

export const PHRASES: Record<Language, { hello: string; thanks: string; closing: string; handoff: string }> = {
  ru: {
    hello: 'Здравствуйте!',
    thanks: 'Спасибо!',
    closing: 'Спасибо, я всё записал и передал менеджеру. Он свяжется с вами, чтобы обсудить детали и договориться о замере.',
    handoff: 'Хорошо, передаю ваш запрос менеджеру — он подключится к разговору в ближайшее время.',
  },
  en: {
    hello: 'Hello!',
    thanks: 'Thank you!',
    closing: 'Thank you, I have noted everything and passed it to a manager, who will contact you to discuss the details and arrange a measurement visit.',
    handoff: 'Sure, I am passing your request to a manager, who will join the conversation shortly.',
  },
};

const HUMAN_REQUEST =
  /менеджер|оператор|живо[\wа-яё]+ человек|с человеком|человека позов|позвоните|перезвоните|наберите мне|свяжитесь со мной|\bcall me\b|real person|a human|human being|talk to (?:a |someone|somebody|a person)|speak (?:to|with) (?:a |someone|somebody|a person)|\bmanager\b|\boperator\b/i;
const URGENT = /срочно|как можно скорее|как можно быстрее|asap|as soon as possible|urgent|right away|immediately/i;

function asksForHuman(text: string): boolean {
  return HUMAN_REQUEST.test(text);
}

function questionAsked(outbound: string): QuestionKey | undefined {
  return QUESTION_ORDER.find((key) => outbound.includes(QUESTIONS.ru[key]) || outbound.includes(QUESTIONS.en[key]));
}

/** A bare answer to the question just asked ("45", "2000000", "Марьино") fills that field. */
function readAnswer(expect: QuestionKey | undefined, text: string, found: LeadFields, currency: string): LeadFields {
  const bare = /^\s*(?:около|примерно|где-то|about|around|~)?\s*(\d[\d\s.,]*)\s*$/i.exec(text)?.[1];
  const answer: LeadFields = { ...found };
  const areaAnswer = /^\s*(?:около|примерно|где-то|about|around|~)?\s*(\d{1,4}(?:[.,]\d{1,2})?)\s*(?:м(?![а-яё])|метр[а-яё]*|m\b|meters?|metres?)?/i.exec(
    text,
  )?.[1];
  if (expect === 'area_m2' && !found.area_m2 && areaAnswer && text.length < 80) answer.area_m2 = normaliseArea(areaAnswer) ?? undefined;
  if (expect === 'budget' && !found.budget && bare) {
    const amount = scaleAmount(bare.trim());
    if (amount && amount.length <= 15) answer.budget = { amount, currency };
  }
  const plain = text.trim();
  const freeText = plain.length >= 2 && plain.length <= 120 && !bare && Object.keys(found).length === 0 && !asksForHuman(plain);
  if (expect === 'address' && !found.address && freeText) answer.address = plain.replace(/[.!]+$/, '');
  if (expect === 'timing' && !found.timing && freeText && !/не знаю|don't know|not sure/i.test(plain)) answer.timing = plain.replace(/[.!]+$/, '');
  return answer;
}

function hotness(lead: LeadFields, urgent: boolean, language: Language): { score: number; reasons: string[] } {
  const ru = language === 'ru';
  const parts: Array<[boolean, number, string, string]> = [
    [!!lead.work_type, 10, 'известен вид работ', 'type of work known'],
    [!!lead.area_m2, 10, 'известна площадь', 'area known'],
    [!!lead.budget, 15, 'назван бюджет', 'budget stated'],
    [!!lead.timing, 10, 'названы сроки', 'timing stated'],
    [urgent, 15, 'срочный запрос', 'urgent request'],
    [!!lead.phone, 15, 'оставлен телефон', 'phone left'],
    [!!lead.address, 10, 'известен адрес или район', 'address or district known'],
    [!!lead.property_type, 5, 'известен тип жилья', 'property type known'],
  ];
  const hits = parts.filter(([hit]) => hit);
  return {
    score: Math.min(
      100,
      hits.reduce((sum, [, points]) => sum + points, 0),
    ),
    reasons: hits.map(([, , r, e]) => (ru ? r : e)),
  };
}

/** Essentials for a measurement visit: work type, area, budget or timing, and a phone. */
export function hasEssentials(lead: LeadFields): boolean {
  return !!lead.work_type && !!lead.area_m2 && (!!lead.budget || !!lead.timing) && !!lead.phone;
}

/** The first missing field in order that has not been asked yet; undefined when there is none. */
function nextQuestion(lead: LeadFields, asked: ReadonlySet<QuestionKey>): QuestionKey | undefined {
  const missing = (key: QuestionKey) => (key === 'budget' ? !lead.budget : !lead[key]);
  return QUESTION_ORDER.find((key) => missing(key) && !asked.has(key));
}

export function fallbackQualify(input: QualifierInput): QualifierResult {
  let lead: LeadFields = { ...input.known };
  const asked = new Set<QuestionKey>();
  let expect: QuestionKey | undefined;
  let language = input.language ?? 'ru';
  let learnedThisTurn = false;
  let wantsHuman = false;
  let urgent = false;
  let answered = false;
  for (const message of input.history) {
    if (message.direction === 'outbound') {
      expect = questionAsked(message.content);
      if (expect) asked.add(expect);
      learnedThisTurn = false;
      wantsHuman = false;
      answered = true;
      continue;
    }
    language = detectLanguage(message.content) ?? language;
    const found = readAnswer(expect, message.content, extractLeadFields(message.content, input.currency, input.country), input.currency);
    const before = JSON.stringify(lead);
    lead = { ...lead, ...Object.fromEntries(Object.entries(found).filter(([, v]) => v !== undefined)) };
    learnedThisTurn ||= JSON.stringify(lead) !== before;
    wantsHuman ||= asksForHuman(message.content);
    urgent ||= URGENT.test(message.content);
    expect = undefined;
  }
  const phrases = PHRASES[language];
  const next = wantsHuman ? undefined : nextQuestion(lead, asked);
  let reply: string;
  if (wantsHuman) reply = phrases.handoff;
  else if (!next) reply = phrases.closing;
  else reply = [!answered ? phrases.hello : learnedThisTurn ? phrases.thanks : '', QUESTIONS[language][next]].filter(Boolean).join(' ');
  return { reply, lead, hotness: hotness(lead, urgent, language), wants_human: wantsHuman, language };
}
