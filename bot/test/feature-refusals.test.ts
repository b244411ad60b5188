// Bot features let core's refusals reach the one boundary (src/domain-errors.ts), which words them
// for the person and marks the update handled; no feature translates a refusal of its own.
import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { featureSources, findRefusalUses, scanFeatures } from './refusal-uses.js';

const botRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('bot features leave refusals to the boundary', () => {
  it('no feature source inspects or translates a domain error', () => {
    const found = scanFeatures(botRoot);
    expect(found.map((f) => `${f.file}:${f.line} ${f.rule} ${f.text}`)).toEqual([]);
  });

  it('reads the feature sources, and fails on one that translates a refusal itself', () => {
    const files = featureSources(botRoot).map((file) => path.relative(botRoot, file));
    expect(files).toEqual(
      expect.arrayContaining(['src/features/worker/submit.ts', 'src/features/client/estimates.ts', 'src/features/appointments/visit-buttons.ts']),
    );
    expect(files.some((file) => file.endsWith('.test.ts'))).toBe(false);
    const copy = `try { await approve(); } catch (error) {
      if (isDomainError(error) && error.code === 'not_found') return ctx.answerCallbackQuery({ text: t.notYours });
      throw error;
    }`;
    expect(findRefusalUses('src/features/client/estimates.ts', copy).map((f) => f.rule)).toEqual(['inspects-domain-error', 'reads-caught-error']);
  });

  it('finds inspections, translations and reads of a caught error in a source, and lets throwing pass', () => {
    const source = `
      import { DomainError, isDomainError, notFound } from '@crm/core';
      import { domainErrorText } from '../../domain-errors.js';
      export async function offend(ctx: any, run: () => Promise<void>) {
        try {
          await run();
        } catch (error) {
          if (error instanceof DomainError && error.code === 'not_found') return ctx.reply('gone');
          if (isDomainError(error)) return ctx.reply(domainErrorText(error, 'en'));
          const { details } = error as { details: unknown };
          if (error['code'] === 'conflict') return ctx.reply(String(details));
          throw error;
        }
        await run().catch((err) => ctx.reply(err.details ? 'refused' : 'failed'));
        const refusal: DomainError | null = null;
        return refusal;
      }
      // Not inspections: throwing, a Telegram error's description, an unrelated object's code.
      export function fine(ctx: any, lead: { code: string }) {
        if (!lead.code) throw new DomainError('validation', 'Lead code is required');
        if (lead.code === 'x') throw notFound('Lead');
        return ctx.api.send().catch((error: { description: string }) => error.description);
      }`;
    const found = findRefusalUses('src/features/sample.ts', source).map((f) => `${f.rule} ${f.text}`);
    expect(found).toEqual([
      'inspects-domain-error error instanceof DomainError',
      'reads-caught-error error.code',
      'inspects-domain-error isDomainError(error)',
      "translates-error domainErrorText(error, 'en')",
      'reads-caught-error { details } = error as { details: unknown }',
      "reads-caught-error error['code']",
      'reads-caught-error err.details',
      'inspects-domain-error DomainError',
    ]);
  });
});
