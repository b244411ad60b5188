import { describe, it, expect } from '@jest/globals';
import { pipelineSchema, resolvePipeline, stageName } from './pipeline.js';

describe('pipeline names', () => {
  it('gives column headers in the plural and a lead status in the singular, in Russian and English', () => {
    const ru = resolvePipeline({}, 'ru');
    expect(ru.stages.map((s) => s.many)).toEqual(['Новые', 'Квалифицированные', 'Замеры', 'Сметы', 'Договоры', 'Успешные', 'Проигранные']);
    expect(stageName(ru, 'qualified', 'one')).toBe('Квалифицированный');
    expect(stageName(resolvePipeline({}, 'en'), 'estimate', 'many')).toBe('Estimates');
    expect(ru.lost_reasons).toContain('Дорого');
  });

  it('takes the organization names and hidden stages over the defaults, whatever the language', () => {
    const stored = { stages: { measurement: { one: 'Выезд', many: 'Выезды' }, contract: { hidden: true } }, lost_reasons: ['Далеко'] };
    for (const locale of ['ru', 'en']) {
      const p = resolvePipeline(stored, locale);
      expect(stageName(p, 'measurement', 'many')).toBe('Выезды');
      expect(p.stages.find((s) => s.status === 'contract')?.hidden).toBe(true);
      expect(p.lost_reasons).toEqual(['Далеко']);
    }
    expect(stageName(resolvePipeline(stored, 'en'), 'new', 'many')).toBe('New');
  });

  it('keeps new, won and lost visible and refuses unknown stages', () => {
    const hideNew = pipelineSchema.safeParse({ stages: { new: { hidden: true } } });
    expect(hideNew.success).toBe(false);
    expect(hideNew.error?.issues[0]?.path).toEqual(['stages', 'new', 'hidden']);
    expect(pipelineSchema.safeParse({ stages: { paid: { one: 'x' } } }).success).toBe(false);
    expect(pipelineSchema.safeParse({ stages: { estimate: { one: 'x'.repeat(61) } } }).success).toBe(false);
  });
});
