import { describe, expect, it } from '@jest/globals';
import { makeLocale, pickLang, strings } from './i18n.js';

describe('Mini App language and money', () => {
  it("speaks the client's Telegram language when it is Russian or English, else the organization's", () => {
    expect(pickLang('ru', 'en')).toBe('ru');
    expect(pickLang('en-GB', 'ru')).toBe('en');
    expect(pickLang('de', 'en')).toBe('en');
    expect(pickLang(undefined, 'ru')).toBe('ru');
    expect(pickLang(null, null)).toBe('ru');
  });

  it('formats exact amounts in the organization currency: whole amounts plain, cents always two digits', () => {
    const en = makeLocale('en', 'EUR', 'UTC');
    expect(en.money('10000.00')).toBe('€10,000');
    expect(en.money('3000.10')).toBe('€3,000.10');
    expect(en.money('500.00', true)).toBe('+€500');
    expect(en.money('-120.50', true)).toBe('-€120.50');
    const ru = makeLocale('ru', 'RUB', 'Europe/Moscow');
    expect(ru.money('2009600.00').replace(/\s/g, ' ')).toBe('2 009 600 ₽');
    expect(ru.money('189800.50').replace(/\s/g, ' ')).toBe('189 800,50 ₽');
    expect(ru.t).toBe(strings.ru);
  });

  it('writes quantities without trailing zeros and with the language decimal mark, from the exact string', () => {
    const ru = makeLocale('ru', 'RUB', 'Europe/Moscow');
    const en = makeLocale('en', 'EUR', 'UTC');
    expect(['37.800', '2.000', '12', '0.125'].map(ru.quantity)).toEqual(['37,8', '2', '12', '0,125']);
    expect(['37.800', '2.000', '12', '0.125'].map(en.quantity)).toEqual(['37.8', '2', '12', '0.125']);
  });

  it('falls back to plain numbers for an unknown currency code', () => {
    expect(makeLocale('en', 'XXY', 'UTC').money('12.50')).toMatch(/12\.50/);
  });

  it('has every text in both languages', () => {
    const keys = (o: object): string[] =>
      Object.entries(o)
        .flatMap(([k, v]) => (typeof v === 'object' ? keys(v).map((n) => `${k}.${n}`) : [k]))
        .sort();
    expect(keys(strings.ru)).toEqual(keys(strings.en));
  });
});
