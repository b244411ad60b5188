import { describe, it, expect } from '@jest/globals';
import { parseAmount, tryParseAmount } from './parse-amount.js';
import { DomainError } from '../errors.js';

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
  ];

  it.each(cases)('%s → %s', (input, expected) => {
    expect(parseAmount(input)).toBe(expected);
  });

  const bad = ['', 'abc', 'двенадцать', '-500', '0', '0,00', '12 5', '1.2.3,4,5', '12.345.6', '1,23456', '1 000 000 000 000 000', '12к500', 'к5'];
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
