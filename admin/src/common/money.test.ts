import { describe, expect, it } from '@jest/globals';
import { centsToNumber, toCents } from './money';

describe('money for display', () => {
  it('reads exact decimal strings as cents', () => {
    expect(toCents('12500.00')).toBe(1_250_000n);
    expect(toCents('0.1')).toBe(10n);
    expect(toCents('-38000.50')).toBe(-3_800_050n);
    expect(toCents(null)).toBe(0n);
    expect(toCents('')).toBe(0n);
  });
  it('turns cents into a number only for drawing bars', () => {
    expect(centsToNumber(toCents('100000001000.01'))).toBe(100_000_001_000.01);
    expect(centsToNumber(30n)).toBe(0.3);
  });
});
