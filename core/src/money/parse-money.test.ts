import { describe, it, expect } from '@jest/globals';
import { parseAmount, readMoney, tryParseAmount } from './parse-money.js';
import { DomainError } from '../errors.js';
import { decimal, money, nonNegativeMoney } from '../validation.js';
import { scaleAmount } from '../ai/amounts.js';
import { extractLeadFields } from '../ai/extract.js';

describe('parseAmount', () => {
  const cases: Array<[string, string]> = [
    ['12500', '12500.00'],
    ['12 500', '12500.00'],
    ['12\u00a0500', '12500.00'],
    ['1 500,50', '1500.50'],
    ['1 500.5', '1500.50'],
    ['1,500.50', '1500.50'],
    ['1.500,50', '1500.50'],
    ['1.000.000', '1000000.00'],
    ['12,500', '12500.00'],
    ['12,50', '12.50'],
    ['0,5', '0.50'],
    ['3к', '3000.00'],
    ['3 к', '3000.00'],
    ['12,5к', '12500.00'],
    ['12.5k', '12500.00'],
    ['12.5K', '12500.00'],
    ['2 тыс', '2000.00'],
    ['2 тыс.', '2000.00'],
    ['2,5 тысячи', '2500.00'],
    ['15 т.р.', '15000.00'],
    ['1.2 млн', '1200000.00'],
    ['1,25 млн', '1250000.00'],
    ['2 миллиона', '2000000.00'],
    ['1.5m', '1500000.00'],
    ['3кк', '3000000.00'],
    ['полтора млн', '1500000.00'],
    ['полторы тысячи', '1500.00'],
    ['15000₽', '15000.00'],
    ['15 000 ₽', '15000.00'],
    ['15000 руб.', '15000.00'],
    ['15000 рублей', '15000.00'],
    ['500р', '500.00'],
    ['$120', '120.00'],
    ['120 usd', '120.00'],
    ['€ 99,99', '99.99'],
    ['  7 800  ', '7800.00'],
    ['1.2345к', '1234.50'],
    ['999999999999.99', '999999999999.99'],
    // "1.500" and "1,500" group thousands; a zero whole part or a multiplier makes the mark decimal.
    ['1.500', '1500.00'],
    ['1,500', '1500.00'],
    ['0.500', '0.50'],
    ['1,500к', '1500.00'],
    ['1,5 млн', '1500000.00'],
    ['1.5 mln', '1500000.00'],
    ['12\u202f500,75', '12500.75'],
    ["12'500", '12500.00'],
    ['12 500.75 RUB', '12500.75'],
    ['2,5k', '2500.00'],
    ['10 тыс. руб.', '10000.00'],
    ['100 долларов', '100.00'],
    ['45 евро', '45.00'],
    ['300 000 тенге', '300000.00'],
    ['₸ 5 000', '5000.00'],
    ['50 тр', '50000.00'],
    ['1.234.567,89', '1234567.89'],
    ['1,234,567.89', '1234567.89'],
    ['7,05', '7.05'],
    ['1.5', '1.50'],
    ['2.50 usd', '2.50'],
    ['12.3400', '12.34'],
  ];

  it.each(cases)('%s → %s', (input, expected) => {
    expect(parseAmount(input)).toBe(expected);
  });

  const bad = [
    '',
    'abc',
    'двенадцать',
    '-500',
    '0',
    '0,00',
    '12 5',
    '1.2.3,4,5',
    '12.345.6',
    '1,23456',
    '1 000 000 000 000 000',
    '12к500',
    'к5',
    '1 50',
    '1,5,0',
    '12,5.3',
    '12 500 000 00',
    'ten thousand',
    '5 штук',
    '--5',
    '+-5',
  ];
  it.each(bad)('refuses %p with a validation error naming the field', (input) => {
    expect(() => parseAmount(input)).toThrow(DomainError);
    try {
      parseAmount(input);
    } catch (error) {
      expect((error as DomainError).code).toBe('validation');
      expect((error as DomainError).details).toEqual({ fields: { amount: expect.any(String) } });
    }
  });

  it('tryParseAmount returns null instead of throwing', () => {
    expect(tryParseAmount('оплатил')).toBeNull();
    expect(tryParseAmount('4,2к')).toBe('4200.00');
  });
});

describe('one reading everywhere: API schemas, the bot and the AI extractor agree', () => {
  const typed: Array<[string, string]> = [
    ['1.500', '1500.00'],
    ['1,500', '1500.00'],
    ['12 500,50', '12500.50'],
    ['12,5к', '12500.00'],
    ['1,5 млн', '1500000.00'],
    ['2\u00a0000\u00a0000', '2000000.00'],
    ['1,234.5', '1234.50'],
  ];
  it.each(typed)('%s is %s in the API schema, the bot and the AI extractor', (input, expected) => {
    const api = money.parse(input);
    expect(parseAmount(api)).toBe(expected);
    expect(parseAmount(input)).toBe(expected);
    expect(scaleAmount(input.replace(/\s*(к|млн)$/, ''), /млн$/.test(input) ? 1_000_000n : /к$/.test(input) ? 1000n : 1n)).toBe(expected);
  });

  it('the fallback extractor reads budgets the same way', () => {
    expect(extractLeadFields('бюджет 1.500 тыс руб', 'RUB').budget).toEqual({ amount: '1500.00', currency: 'RUB' });
    expect(extractLeadFields('бюджет 1,5 млн', 'RUB').budget).toEqual({ amount: '1500000.00', currency: 'RUB' });
    expect(extractLeadFields('budget $12,500', 'USD').budget).toEqual({ amount: '12500.00', currency: 'USD' });
  });

  it('API schemas keep JSON numbers and NUMERIC strings as they are, and name the problem otherwise', () => {
    expect(money.parse(12500.5)).toBe('12500.5');
    expect(money.parse('-3 000,25')).toBe('-3000.25');
    expect(money.parse('2000000.00')).toBe('2000000.00');
    expect(decimal({ precision: 12, scale: 4 }).parse('5.0000')).toBe('5.0000');
    expect(decimal({ precision: 12, scale: 4 }).parse('0,1250')).toBe('0.1250');
    expect(decimal({ precision: 8, scale: 2 }).parse('45,5')).toBe('45.5');
    const issue = (schema: { safeParse(v: unknown): { success: boolean; error?: { issues: Array<{ message: string }> } } }, v: unknown) =>
      schema.safeParse(v).error?.issues[0]?.message;
    expect(issue(money, 'lots')).toBe('is not an amount, e.g. 12 500 or 12,5к');
    expect(issue(money, '1,234')).toBeUndefined();
    expect(issue(money, '0,125')).toBe('must have at most 2 decimals');
    expect(issue(decimal({ precision: 8, scale: 2 }), '1 000 000')).toBe('must be below 1000000');
    expect(issue(nonNegativeMoney, '-5')).toBe('must not be negative');
  });

  it('readMoney refuses a minus unless negative amounts are allowed', () => {
    expect(readMoney('-500')).toEqual({ ok: false, problem: 'negative' });
    expect(readMoney('−1,5к', { negative: true })).toEqual({ ok: true, value: '-1500' });
    expect(readMoney('-0')).toEqual({ ok: true, value: '0' });
  });
});
