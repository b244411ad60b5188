import { describe, expect, it } from '@jest/globals';
import { checkSlot, formatSlot, overlaps, reminderTimes, slotFromLocal } from './slots.js';
import { zonedToInstant } from '../time/zone.js';
import { DomainError } from '../errors.js';

const iso = (d: Date | undefined) => d?.toISOString();
const fieldsOf = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    return (error as DomainError).details?.fields;
  }
  throw new Error('expected a refusal');
};

describe('a slot on the organization clock', () => {
  it('formats a slot for a person in their language on the firm clock', () => {
    const slot = slotFromLocal({ date: '2026-03-03', time: '10:00' }, 'Europe/Moscow');
    expect(formatSlot(slot.starts_at, slot.ends_at, 'Europe/Moscow', 'en')).toBe('Tue 3 March, 10:00–11:00');
    expect(formatSlot(slot.starts_at, slot.ends_at, 'Europe/Moscow', 'ru')).toMatch(/^вт, 3 марта, 10:00–11:00$/);
  });
});

describe('slot rules', () => {
  const now = new Date('2026-03-02T12:00:00Z');

  it('refuses a slot in the past and one that ends before it starts, naming the field', () => {
    expect(fieldsOf(() => checkSlot(slotFromLocal({ date: '2026-03-02', time: '14:00' }, 'Europe/Moscow'), now))).toEqual({
      starts_at: expect.objectContaining({ code: 'in_past' }),
    });
    expect(fieldsOf(() => checkSlot({ starts_at: new Date('2026-03-05T10:00:00Z'), ends_at: new Date('2026-03-05T10:00:00Z') }, now))).toHaveProperty(
      'ends_at',
    );
    expect(() => checkSlot(slotFromLocal({ date: '2026-03-02', time: '16:00' }, 'Europe/Moscow'), now)).not.toThrow();
  });

  it('refuses a date the calendar does not have instead of moving it on', () => {
    expect(fieldsOf(() => slotFromLocal({ date: '2026-02-30', time: '10:00' }, 'Europe/Moscow'))).toHaveProperty('date');
  });

  it('overlap: sharing any minute is an overlap, touching ends are not', () => {
    const a = slotFromLocal({ date: '2026-03-05', time: '10:00', duration_minutes: 60 }, 'UTC');
    expect(overlaps(a, slotFromLocal({ date: '2026-03-05', time: '10:30' }, 'UTC'))).toBe(true);
    expect(overlaps(a, slotFromLocal({ date: '2026-03-05', time: '09:00', duration_minutes: 180 }, 'UTC'))).toBe(true);
    expect(overlaps(a, slotFromLocal({ date: '2026-03-05', time: '11:00' }, 'UTC'))).toBe(false);
    expect(overlaps(a, slotFromLocal({ date: '2026-03-05', time: '09:00' }, 'UTC'))).toBe(false);
  });
});

describe('reminder times', () => {
  const booked = new Date('2026-03-20T12:00:00Z');

  it('Moscow (no clock change): 18:00 the evening before and two hours before', () => {
    const visit = zonedToInstant('2026-03-30', '10:00', 'Europe/Moscow')!;
    const times = reminderTimes(visit, 'Europe/Moscow', booked);
    expect(iso(times.day_before)).toBe('2026-03-29T15:00:00.000Z');
    expect(iso(times.soon)).toBe('2026-03-30T05:00:00.000Z');
  });

  it('Berlin across the spring clock change: the evening before is on the clock of that evening', () => {
    // The visit on Monday 30 March (CEST, UTC+2); Sunday 29 March 18:00 is already CEST.
    const monday = reminderTimes(zonedToInstant('2026-03-30', '10:00', 'Europe/Berlin')!, 'Europe/Berlin', booked);
    expect(iso(monday.day_before)).toBe('2026-03-29T16:00:00.000Z');
    expect(iso(monday.soon)).toBe('2026-03-30T06:00:00.000Z');
    // The visit on Sunday 29 March 10:00 CEST; Saturday 28 March 18:00 is still CET (UTC+1).
    const sunday = reminderTimes(zonedToInstant('2026-03-29', '10:00', 'Europe/Berlin')!, 'Europe/Berlin', booked);
    expect(iso(sunday.day_before)).toBe('2026-03-28T17:00:00.000Z');
    expect(iso(sunday.soon)).toBe('2026-03-29T06:00:00.000Z');
  });

  it('plans no reminder whose moment has passed, nor an evening one after the two-hour one', () => {
    const visit = zonedToInstant('2026-03-21', '10:00', 'Europe/Moscow')!;
    expect(reminderTimes(visit, 'Europe/Moscow', new Date('2026-03-20T16:00:00Z'))).toEqual({ soon: new Date('2026-03-21T05:00:00Z') });
    expect(reminderTimes(visit, 'Europe/Moscow', new Date('2026-03-21T06:00:00Z'))).toEqual({});
    const lateNight = zonedToInstant('2026-03-22', '00:30', 'Europe/Moscow')!;
    expect(Object.keys(reminderTimes(lateNight, 'Europe/Moscow', booked))).toEqual(['day_before', 'soon']);
    const early = zonedToInstant('2026-03-22', '19:00', 'Europe/Moscow')!;
    expect(iso(reminderTimes(early, 'Europe/Moscow', booked).day_before)).toBe('2026-03-21T15:00:00.000Z');
  });
});
