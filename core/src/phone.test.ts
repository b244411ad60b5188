import { describe, it, expect } from '@jest/globals';
import { isPhoneCountry, normalizePhone, parsePhone } from './phone.js';
import { DomainError } from './errors.js';

describe('normalizePhone', () => {
  // [typed, the organization's country, E.164]
  it.each([
    // Russia
    ['+79001234567', 'RU', '+79001234567'],
    ['79001234567', 'RU', '+79001234567'],
    ['89001234567', 'RU', '+79001234567'],
    ['8 (900) 123-45-67', 'RU', '+79001234567'],
    ['+7 (900) 123 45 67', 'RU', '+79001234567'],
    ['9001234567', 'RU', '+79001234567'],
    ['8-900-123-45-67', 'RU', '+79001234567'],
    ['8 (495) 123-45-67', 'RU', '+74951234567'],
    // Belarus
    ['+375 29 123-45-67', 'BY', '+375291234567'],
    ['375291234567', 'BY', '+375291234567'],
    ['8 029 123-45-67', 'BY', '+375291234567'],
    ['80291234567', 'BY', '+375291234567'],
    ['+375 (17) 234-56-78', 'RU', '+375172345678'],
    ['375291234567', 'RU', '+375291234567'],
    // Kazakhstan (+7, like Russia)
    ['+7 701 234 5678', 'KZ', '+77012345678'],
    ['8 701 234 56 78', 'KZ', '+77012345678'],
    ['77012345678', 'KZ', '+77012345678'],
    ['87012345678', 'RU', '+77012345678'],
    // Ukraine
    ['+380 50 123 4567', 'UA', '+380501234567'],
    ['380501234567', 'UA', '+380501234567'],
    ['050 123 4567', 'UA', '+380501234567'],
    ['380501234567', 'RU', '+380501234567'],
    // United Kingdom
    ['+44 7911 123456', 'GB', '+447911123456'],
    ['07911 123456', 'GB', '+447911123456'],
    ['447911123456', 'GB', '+447911123456'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+44 20 7946 0958', 'RU', '+442079460958'],
    ['00 44 20 7946 0958', 'RU', '+442079460958'],
    // Germany
    ['+49 1512 3456789', 'DE', '+4915123456789'],
    ['01512 3456789', 'DE', '+4915123456789'],
    ['4915123456789', 'DE', '+4915123456789'],
    ['030 123456', 'DE', '+4930123456'],
    ['+49 30 123456', 'GB', '+4930123456'],
  ])('%s in %s → %s', (input, country, expected) => {
    expect(normalizePhone(input, country)).toBe(expected);
  });

  it("reads a number without a country code in the organization's country", () => {
    expect(normalizePhone('8 029 123-45-67', 'BY')).toBe('+375291234567');
    expect(normalizePhone('07911 123456', 'GB')).toBe('+447911123456');
    expect(normalizePhone('07911 123456', 'RU')).toBeNull();
  });

  it.each(['', 'phone', '123', '+0123456789', '+7900123456', '+1234567890123456', '8 900 abc 45 67', '+', '12345678901234567'])('rejects %p', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });

  it('parsePhone throws a validation error naming the field', () => {
    expect(() => parsePhone('12', 'contact')).toThrow(DomainError);
    expect(parsePhone('8 900 123 45 67')).toBe('+79001234567');
    expect(parsePhone('8 029 123 45 67', 'phone', 'BY')).toBe('+375291234567');
  });

  it('knows which countries have a numbering plan', () => {
    expect(['RU', 'BY', 'KZ', 'UA', 'GB', 'DE'].every(isPhoneCountry)).toBe(true);
    expect(isPhoneCountry('UK')).toBe(false);
    expect(isPhoneCountry('ru')).toBe(false);
  });
});
