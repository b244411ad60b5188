import { describe, expect, it } from '@jest/globals';
import { centsToNumber, sumMoney, toCents } from './money';

describe('money sums for display', () => {
  it('reads exact decimal strings as cents', () => {
    expect(toCents('12500.00')).toBe(1_250_000n);
    expect(toCents('0.1')).toBe(10n);
    expect(toCents('-38000.50')).toBe(-3_800_050n);
    expect(toCents(null)).toBe(0n);
    expect(toCents('')).toBe(0n);
  });
  it('adds without float drift', () => {
    expect(sumMoney(['0.10', '0.20'])).toBe(30n);
    expect(centsToNumber(sumMoney(['0.10', '0.20']))).toBe(0.3);
    expect(sumMoney(Array.from({ length: 1000 }, () => '1000000.01'))).toBe(100_000_001_000n);
  });
});
