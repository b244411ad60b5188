import { describe, expect, it } from '@jest/globals';
import type { Organization } from '@crm/database';
import { handoffReason } from './handoff.js';
import { PHRASES, type QualifierResult } from './fallback-qualifier.js';

const org = (values: Partial<Organization> = {}) => ({ locale: 'en', currency: 'RUB', hot_budget_threshold: null, ...values }) as Organization;
const result = (values: Partial<QualifierResult>): QualifierResult => ({
  reply: 'What area?',
  lead: {},
  hotness: { score: 20, reasons: [] },
  wants_human: false,
  language: 'en',
  ...values,
});

describe('handoffReason', () => {
  it('keeps the AI talking while it still has questions', () => {
    expect(handoffReason(org(), result({}))).toBeNull();
  });

  it('hands over when the built-in qualifier tells the lead it passed them to a manager', () => {
    expect(handoffReason(org(), result({ reply: PHRASES.en.closing }))).toBe('the lead answered every question');
    expect(handoffReason(org({ locale: 'ru' }), result({ reply: PHRASES.ru.closing, language: 'ru' }))).toBe('лид ответил на все вопросы');
  });

  it('names the stronger reason first: a request for a person, a hot score, the budget threshold', () => {
    expect(handoffReason(org(), result({ reply: PHRASES.en.closing, wants_human: true }))).toBe('the client asked for a manager');
    expect(handoffReason(org(), result({ hotness: { score: 85, reasons: [] } }))).toBe('hot lead (score 85)');
    expect(handoffReason(org({ hot_budget_threshold: '1000000.00' }), result({ lead: { budget: { amount: '1500000', currency: 'RUB' } } }))).toBe(
      'budget above the organization threshold',
    );
  });
});
