import { describe, it, expect } from '@jest/globals';
import { fromLocalDateTime, toLocalDate, toLocalDateTime } from './local-time.js';
import { taskReminderText } from './task-reminders.js';

describe('task due times on the organization wall clock', () => {
  it('reads a typed local time in the organization zone, and shows a moment back in it', () => {
    expect(fromLocalDateTime('2026-12-01T15:30', 'Europe/Moscow')?.toISOString()).toBe('2026-12-01T12:30:00.000Z');
    expect(fromLocalDateTime('2026-12-01T15:30', 'Asia/Vladivostok')?.toISOString()).toBe('2026-12-01T05:30:00.000Z');
    expect(fromLocalDateTime('2026-12-01T01:15', 'Asia/Vladivostok')?.toISOString()).toBe('2026-11-30T15:15:00.000Z');
    expect(toLocalDateTime(new Date('2026-11-30T15:15:00Z'), 'Asia/Vladivostok')).toBe('2026-12-01T01:15');
    expect(toLocalDate(new Date('2026-11-30T22:00:00Z'), 'Europe/Moscow')).toBe('2026-12-01');
    expect(toLocalDate(new Date('2026-11-30T22:00:00Z'), 'Europe/London')).toBe('2026-11-30');
  });

  it('follows daylight saving: a skipped time lands after the jump, a repeated one on its first pass', () => {
    // Berlin: 2026-03-29 02:00 → 03:00 (CET → CEST); 2026-10-25 03:00 → 02:00.
    expect(fromLocalDateTime('2026-03-29T01:30', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(fromLocalDateTime('2026-03-29T03:30', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(fromLocalDateTime('2026-03-29T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(fromLocalDateTime('2026-10-25T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(fromLocalDateTime('2026-07-01T12:00', 'Europe/Berlin')?.toISOString()).toBe('2026-07-01T10:00:00.000Z');
  });

  it('refuses what is not a real local time', () => {
    for (const bad of ['2026-02-30T10:00', '2026-12-01 10:00', '2026-12-01T24:00', '2026-12-01T10:60', 'tomorrow']) {
      expect(fromLocalDateTime(bad, 'Europe/Moscow')).toBeNull();
    }
  });

  it('words the reminder with the local due time and the stage as the firm names it', () => {
    expect(taskReminderText('ru', { title: 'Перезвонить', due_local: '2026-12-01T15:30' }, { lead: { name: 'Иван', stage: 'Замер' } })).toEqual({
      title: '⏰ Задача: Перезвонить',
      body: 'Срок: 15:30, 01.12\nЛид: Иван · Замер',
    });
    expect(taskReminderText('en', { title: 'Send the estimate', due_local: '2026-12-02T09:05' }, { project: 'Lenina 5' })).toEqual({
      title: '⏰ Task: Send the estimate',
      body: 'Due: 09:05, 02.12\nProject: Lenina 5',
    });
  });
});
