import { describe, it, expect } from '@jest/globals';
import { addDays, fromLocalDateTime, instantToZoned, localClock, safeZone, toLocalDate, toLocalDateTime, zonedToInstant } from './zone.js';

const iso = (d: Date | null) => d?.toISOString();

describe('the organization wall clock', () => {
  it('reads a typed local time in the organization zone, and shows a moment back in it', () => {
    expect(iso(fromLocalDateTime('2026-12-01T15:30', 'Europe/Moscow'))).toBe('2026-12-01T12:30:00.000Z');
    expect(iso(fromLocalDateTime('2026-12-01T15:30', 'Asia/Vladivostok'))).toBe('2026-12-01T05:30:00.000Z');
    expect(iso(fromLocalDateTime('2026-12-01T01:15', 'Asia/Vladivostok'))).toBe('2026-11-30T15:15:00.000Z');
    expect(toLocalDateTime(new Date('2026-11-30T15:15:00Z'), 'Asia/Vladivostok')).toBe('2026-12-01T01:15');
    expect(toLocalDate(new Date('2026-11-30T22:00:00Z'), 'Europe/Moscow')).toBe('2026-12-01');
    expect(toLocalDate(new Date('2026-11-30T22:00:00Z'), 'Europe/London')).toBe('2026-11-30');
    expect(toLocalDate(new Date('2026-03-31T22:30:00Z'), 'Europe/Moscow')).toBe('2026-04-01');
  });

  it('reads a date and a time apart on Moscow and Berlin clocks, summer and winter', () => {
    expect(iso(zonedToInstant('2026-01-15', '10:00', 'Europe/Moscow'))).toBe('2026-01-15T07:00:00.000Z');
    expect(iso(zonedToInstant('2026-07-15', '10:00', 'Europe/Moscow'))).toBe('2026-07-15T07:00:00.000Z');
    expect(iso(zonedToInstant('2026-01-15', '10:00', 'Europe/Berlin'))).toBe('2026-01-15T09:00:00.000Z');
    expect(iso(zonedToInstant('2026-07-15', '10:00', 'Europe/Berlin'))).toBe('2026-07-15T08:00:00.000Z');
    expect(instantToZoned(new Date('2026-07-15T08:00:00Z'), 'Europe/Berlin')).toEqual({ date: '2026-07-15', time: '10:00' });
  });

  it('reads the local clock in hours and minutes, across midnight', () => {
    expect(localClock(new Date('2026-03-10T21:30:00Z'), 'Europe/Moscow')).toEqual({ date: '2026-03-11', hour: 0, minute: 30 });
    expect(localClock(new Date('2026-03-10T21:30:00Z'), 'America/New_York')).toEqual({ date: '2026-03-10', hour: 17, minute: 30 });
  });

  it('follows daylight saving: a skipped time lands after the jump, a repeated one on its first pass', () => {
    // Berlin: 2026-03-29 02:00 → 03:00 (CET → CEST); 2026-10-25 03:00 → 02:00.
    expect(iso(fromLocalDateTime('2026-03-29T01:30', 'Europe/Berlin'))).toBe('2026-03-29T00:30:00.000Z');
    expect(iso(fromLocalDateTime('2026-03-29T03:30', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(fromLocalDateTime('2026-03-29T02:30', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(fromLocalDateTime('2026-10-25T02:30', 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(fromLocalDateTime('2026-07-01T12:00', 'Europe/Berlin'))).toBe('2026-07-01T10:00:00.000Z');
    expect(iso(zonedToInstant('2026-03-29', '02:30', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(zonedToInstant('2026-10-25', '02:30', 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses what is not a real local time', () => {
    for (const bad of ['2026-02-30T10:00', '2026-12-01 10:00', '2026-12-01T24:00', '2026-12-01T10:60', 'tomorrow']) {
      expect(fromLocalDateTime(bad, 'Europe/Moscow')).toBeNull();
    }
    expect(zonedToInstant('2026-02-30', '10:00', 'Europe/Moscow')).toBeNull();
  });

  it('reads an unknown zone as UTC instead of failing', () => {
    expect(safeZone('Mars/Olympus')).toBe('UTC');
    expect(safeZone(null)).toBe('UTC');
    expect(safeZone('Asia/Vladivostok')).toBe('Asia/Vladivostok');
    expect(toLocalDateTime(new Date('2026-11-30T15:15:00Z'), 'Mars/Olympus')).toBe('2026-11-30T15:15');
    expect(iso(fromLocalDateTime('2026-12-01T15:30', 'Mars/Olympus'))).toBe('2026-12-01T15:30:00.000Z');
  });

  it('counts calendar days across month and year ends', () => {
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
