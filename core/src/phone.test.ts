import { describe, it, expect } from '@jest/globals';
import { normalizePhone, parsePhone } from './phone.js';
import { DomainError } from './errors.js';

describe('normalizePhone', () => {
  it.each([
    ['+79001234567', '+79001234567'],
    ['79001234567', '+79001234567'],
    ['89001234567', '+79001234567'],
    ['8 (900) 123-45-67', '+79001234567'],
    ['+7 (900) 123 45 67', '+79001234567'],
    ['9001234567', '+79001234567'],
    ['8-900-123-45-67', '+79001234567'],
    ['+44 20 7946 0958', '+442079460958'],
    ['00 44 20 7946 0958', '+442079460958'],
    ['380501234567', '+380501234567'],
  ])('%s → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each(['', 'phone', '123', '+0123456789', '+7900123456', '+1234567890123456', '8 900 abc 45 67'])('rejects %p', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });

  it('parsePhone throws a validation error naming the field', () => {
    expect(() => parsePhone('12', 'contact')).toThrow(DomainError);
    expect(parsePhone('8 900 123 45 67')).toBe('+79001234567');
  });
});
