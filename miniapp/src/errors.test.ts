import { describe, expect, it } from '@jest/globals';
import { ApiError } from './api.js';
import { errorText, isAlreadyDecided } from './errors.js';
import { strings } from './i18n.js';

const CODES = [
  'network',
  'unauthorized',
  'forbidden',
  'not_found',
  'validation',
  'bad_request',
  'conflict',
  'rate_limited',
  'unavailable',
  'internal',
  'something_new',
];

describe('Mini App error messages', () => {
  it('translates every API error code in both languages and never shows the code itself', () => {
    for (const lang of ['ru', 'en'] as const) {
      const t = strings[lang];
      const texts = CODES.map((code) => errorText(new ApiError(code === 'network' ? 0 : 400, code, `raw ${code} message`), t));
      for (const [i, text] of texts.entries()) {
        expect(text).not.toMatch(/^[a-z_]+$/);
        expect(text).not.toContain(`${CODES[i]} message`);
        expect(text).not.toContain('raw ');
        expect(Object.values(t.errors)).toContain(text);
      }
    }
    expect(errorText(new ApiError(429, 'rate_limited', 'Too many'), strings.ru)).toBe(strings.ru.errors.tooMany);
    expect(errorText(new ApiError(403, 'forbidden', 'no projects'), strings.en)).toBe(strings.en.errors.notClient);
    expect(errorText(new ApiError(409, 'conflict', 'would make the budget negative'), strings.ru)).toBe(strings.ru.errors.conflict);
    expect(errorText(new ApiError(500, 'internal', 'x'), strings.en)).toBe(strings.en.errors.generic);
  });

  it('reads a code-less answer by its status', () => {
    expect(errorText(new ApiError(502, 'error', 'Bad Gateway'), strings.en)).toBe(strings.en.errors.unavailable);
    expect(errorText(new ApiError(401, 'error', 'Unauthorized'), strings.ru)).toBe(strings.ru.errors.unauthorized);
    expect(errorText(new Error('boom'), strings.ru)).toBe(strings.ru.errors.generic);
  });

  it('tells an already decided request from another conflict by the reason the API gives', () => {
    expect(isAlreadyDecided(new ApiError(409, 'conflict', 'decided', { reason: 'already_decided' }))).toBe(true);
    expect(isAlreadyDecided(new ApiError(409, 'conflict', 'negative budget', {}))).toBe(false);
    expect(isAlreadyDecided(new Error('conflict'))).toBe(false);
  });
});
