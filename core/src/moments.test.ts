import { describe, expect, it } from '@jest/globals';
import { formatWhen } from './moments.js';

describe('formatWhen', () => {
  const moment = new Date('2026-03-01T09:30:00Z');

  it('reads a moment on the organization clock, in the person language', () => {
    expect(formatWhen(moment, 'en', 'Europe/Berlin')).toBe('1 Mar, 10:30');
    expect(formatWhen(moment, 'ru', 'Asia/Novosibirsk')).toBe('1 мар., 16:30');
  });

  it('takes the moment as JSON carries it', () => {
    expect(formatWhen(moment.toISOString(), 'en', 'Asia/Tokyo')).toBe('1 Mar, 18:30');
  });

  it('still answers when the time zone is unknown', () => {
    expect(formatWhen(moment, 'en', 'Mars/Olympus')).toBe('1 Mar, 09:30');
  });
});
