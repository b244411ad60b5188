import { describe, expect, it } from '@jest/globals';
import { titleWithCount } from './title';

describe('tab title with the unread count', () => {
  it.each([
    ['Renovation CRM', 3, '(3) Renovation CRM'],
    ['(3) Renovation CRM', 5, '(5) Renovation CRM'],
    ['(5) Renovation CRM', 0, 'Renovation CRM'],
    ['Renovation CRM', 0, 'Renovation CRM'],
    ['(99+) Renovation CRM', 120, '(99+) Renovation CRM'],
    ['(2) (1) note', 1, '(1) (1) note'],
  ])('%s with %d unread is %s', (title, count, expected) => {
    expect(titleWithCount(title, count)).toBe(expected);
  });
});
