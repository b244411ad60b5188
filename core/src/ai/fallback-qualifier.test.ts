import { describe, it, expect } from '@jest/globals';
import { compareAmounts, scaleAmount } from './amounts.js';
import { detectLanguage, extractLeadFields, type LeadFields } from './extract.js';
import { fallbackQualify, QUESTIONS, PHRASES, type HistoryMessage } from './fallback-qualifier.js';

type Case = [string, LeadFields];

// Realistic first messages from leads and exactly what the rules must read from them.
const CASES: Case[] = [
  ['Здравствуйте, нужен ремонт квартиры 45 кв.м', { work_type: 'apartment', area_m2: '45' }],
  ['Добрый день! Хочу сделать ремонт санузла, площадь около 4 квадратов', { work_type: 'bathroom', area_m2: '4' }],
  [
    'Интересует капитальный ремонт двушки в новостройке, 58м2, бюджет 1.5 млн',
    { work_type: 'capital', rooms: 2, area_m2: '58', property_type: 'new_build', budget: { amount: '1500000.00', currency: 'RUB' } },
  ],
  ['Косметический ремонт 3-комнатной квартиры, вторичка, около 70 квадратов', { work_type: 'cosmetic', rooms: 3, property_type: 'secondary', area_m2: '70' }],
  ['Нужен дизайн-проект для квартиры 90 кв. м', { work_type: 'design', area_m2: '90' }],
  ['Сколько стоит ремонт кухни? Кухня 12 м²', { work_type: 'kitchen', area_m2: '12' }],
  [
    'бюджет 2 000 000 ₽, квартира 65 метров, хотим начать в марте',
    { work_type: 'apartment', budget: { amount: '2000000.00', currency: 'RUB' }, area_m2: '65', timing: 'в марте' },
  ],
  ['Готовы потратить 800 тыс на ремонт ванной', { work_type: 'bathroom', budget: { amount: '800000.00', currency: 'RUB' } }],
  ['Мой номер 8 (916) 123-45-67, перезвоните', { phone: '+79161234567' }],
  ['+7 999 111 22 33', { phone: '+79991112233' }],
  ['Однушка 38,5 кв.м на вторичке, нужен ремонт под ключ', { rooms: 1, area_m2: '38.5', property_type: 'secondary', work_type: 'capital' }],
  [
    'Трешка в новостройке, без отделки, 82 кв.м, бюджет около 3,2 млн рублей',
    { rooms: 3, property_type: 'new_build', area_m2: '82', budget: { amount: '3200000.00', currency: 'RUB' } },
  ],
  ['Ремонт квартиры в районе Марьино, срочно', { work_type: 'apartment', address: 'районе Марьино', timing: 'срочно' }],
  ['Квартира на ул. Ленина, 15, площадь 54 м2', { work_type: 'apartment', address: 'ул. Ленина, 15', area_m2: '54' }],
  [
    'Хотим освежить квартиру через пару месяцев, бюджет 500к',
    { work_type: 'cosmetic', timing: 'через пару месяцев', budget: { amount: '500000.00', currency: 'RUB' } },
  ],
  ['Студия 28 квм, ремонт с нуля', { rooms: 0, area_m2: '28', work_type: 'capital' }],
  ['Ремонт квартиры с кухней и санузлом, 2-комнатная, 60 м2', { work_type: 'apartment', rooms: 2, area_m2: '60' }],
  ['Интересует ремонт офиса 120 кв.м', { work_type: 'other', area_m2: '120' }],
  ['позовите менеджера пожалуйста', {}],
  [
    'Бюджет 15000 usd, квартира 50 кв м, ЖК Символ',
    { budget: { amount: '15000.00', currency: 'USD' }, area_m2: '50', work_type: 'apartment', address: 'ЖК Символ' },
  ],
  ['Hi, I need a bathroom renovation, about 6 sqm', { work_type: 'bathroom', area_m2: '6' }],
  [
    'Looking for a full renovation of a 2 bedroom flat, 70 sqm, budget $20k',
    { work_type: 'capital', rooms: 2, area_m2: '70', budget: { amount: '20000.00', currency: 'USD' } },
  ],
  ['Kitchen remodel, 15 m2, we would like to start next month', { work_type: 'kitchen', area_m2: '15', timing: 'next month' }],
  ['Cosmetic renovation of a studio in a new build, 32 sq m', { work_type: 'cosmetic', rooms: 0, property_type: 'new_build', area_m2: '32' }],
  ['We need an interior design project for a 3-bedroom apartment of 95 m²', { work_type: 'design', rooms: 3, area_m2: '95' }],
  [
    'Budget is 15000 usd, apartment in Hamovniki district, call me at +44 7911 123456',
    { budget: { amount: '15000.00', currency: 'USD' }, work_type: 'apartment', address: 'Hamovniki district', phone: '+447911123456' },
  ],
  [
    'Our budget is around €35,000 for the whole flat, resale building',
    { budget: { amount: '35000.00', currency: 'EUR' }, work_type: 'apartment', property_type: 'secondary' },
  ],
  ['Can I talk to a real person?', {}],
  ['Renovation of a flat at 12 Baker Street, ASAP', { work_type: 'apartment', address: '12 Baker Street', timing: 'ASAP' }],
  [
    '2 bedroom apartment, 1.2 million rubles, in April',
    { rooms: 2, work_type: 'apartment', budget: { amount: '1200000.00', currency: 'RUB' }, timing: 'in April' },
  ],
  [
    'Квартира в сталинке 75 метров, бюджет до 4 млн, начать летом',
    { property_type: 'secondary', work_type: 'apartment', area_m2: '75', budget: { amount: '4000000.00', currency: 'RUB' }, timing: 'летом' },
  ],
  ['Нужно отремонтировать ванную и туалет, 5 м2, телефон 89261234567', { work_type: 'bathroom', area_m2: '5', phone: '+79261234567' }],
  [
    'ремонт 2к квартиры 44м2 вторичка бюджет 900 000',
    { work_type: 'apartment', rooms: 2, area_m2: '44', property_type: 'secondary', budget: { amount: '900000.00', currency: 'RUB' } },
  ],
  [
    'Good afternoon, flat 55 sqm, budget 40k EUR, no rush',
    { work_type: 'apartment', area_m2: '55', budget: { amount: '40000.00', currency: 'EUR' }, timing: 'no rush' },
  ],
  ['Здравствуйте! Сколько у вас стоит ремонт в 2025 году?', { work_type: 'apartment', timing: 'в 2025 году' }],
];

describe('fallback qualifier: extraction table', () => {
  it('has at least 30 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(30));
  it.each(CASES)('%s', (text, expected) => {
    expect(extractLeadFields(text, 'RUB')).toEqual(expected);
  });
});

describe('fallback qualifier: helpers', () => {
  it('reads phones in free text as E.164 and ignores short numbers', () => {
    expect(extractLeadFields('звоните 8 900 123 45 67 после обеда').phone).toBe('+79001234567');
    expect(extractLeadFields('my number is +1 (415) 555-2671').phone).toBe('+14155552671');
    expect(extractLeadFields('квартира 12345').phone).toBeUndefined();
  });
  it('scales money exactly', () => {
    expect(scaleAmount('1.255', 1_000_000n)).toBe('1255000.00');
    expect(scaleAmount('0.1', 3n)).toBe('0.30');
    expect(scaleAmount('2 000 000')).toBe('2000000.00');
    expect(compareAmounts('1500000.00', '1500000')).toBe(0);
    expect(compareAmounts('999999.99', '1000000')).toBe(-1);
  });
  it('guesses the language', () => {
    expect(detectLanguage('Нужен ремонт')).toBe('ru');
    expect(detectLanguage('Need a renovation of 45 m2')).toBe('en');
    expect(detectLanguage('45')).toBeUndefined();
  });
});

describe('fallback qualifier: dialogue', () => {
  const run = (history: HistoryMessage[], language?: 'ru' | 'en') => fallbackQualify({ history, known: {}, currency: 'RUB', language });

  it('greets and asks for the type of work first, in Russian', () => {
    const result = run([{ direction: 'inbound', content: 'Здравствуйте' }]);
    expect(result.reply).toBe(`${PHRASES.ru.hello} ${QUESTIONS.ru.work_type}`);
    expect(result.language).toBe('ru');
  });

  it('asks one missing essential at a time, in order, in English', () => {
    const result = run([{ direction: 'inbound', content: 'Hi, bathroom renovation please' }]);
    expect(result.reply).toBe(`${PHRASES.en.hello} ${QUESTIONS.en.area_m2}`);
    expect(result.lead).toEqual({ work_type: 'bathroom' });
  });

  it('reads bare answers to the question just asked and closes politely when done', () => {
    const history: HistoryMessage[] = [
      { direction: 'inbound', content: 'Нужен ремонт квартиры' },
      { direction: 'outbound', content: `${PHRASES.ru.hello} ${QUESTIONS.ru.area_m2}` },
      { direction: 'inbound', content: '52' },
      { direction: 'outbound', content: QUESTIONS.ru.budget },
      { direction: 'inbound', content: '1200000' },
    ];
    let result = run(history);
    expect(result.lead).toEqual({ work_type: 'apartment', area_m2: '52', budget: { amount: '1200000.00', currency: 'RUB' } });
    expect(result.reply).toBe(`${PHRASES.ru.thanks} ${QUESTIONS.ru.timing}`);
    history.push({ direction: 'outbound', content: result.reply }, { direction: 'inbound', content: 'пока не знаю' });
    result = run(history);
    expect(result.reply).toBe(QUESTIONS.ru.address);
    history.push({ direction: 'outbound', content: result.reply }, { direction: 'inbound', content: 'Бутово' });
    result = run(history);
    expect(result.lead.address).toBe('Бутово');
    history.push({ direction: 'outbound', content: result.reply }, { direction: 'inbound', content: '+7 915 000-11-22' });
    result = run(history);
    expect(result.lead.phone).toBe('+79150001122');
    expect(result.reply).toBe(PHRASES.ru.closing);
    expect(result.hotness.score).toBeGreaterThanOrEqual(60);
  });

  it('hands over when the lead asks for a person', () => {
    const result = run([{ direction: 'inbound', content: 'хочу поговорить с человеком' }]);
    expect(result.wants_human).toBe(true);
    expect(result.reply).toBe(PHRASES.ru.handoff);
    expect(run([{ direction: 'inbound', content: 'Please call me tomorrow' }]).wants_human).toBe(true);
    expect(run([{ direction: 'inbound', content: 'Kitchen, 12 m2' }]).wants_human).toBe(false);
  });

  it('uses the known language when the text has no letters', () => {
    expect(run([{ direction: 'inbound', content: '45' }], 'en').reply).toContain(QUESTIONS.en.work_type);
  });
});
