import { describe, it, expect } from '@jest/globals';
import { taskReminderText } from './task-reminders.js';

describe('task reminders', () => {
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
