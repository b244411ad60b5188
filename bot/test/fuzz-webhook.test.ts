import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { TelegramUpdate } from '@crm/database';
import { startHarness, type Harness } from '@crm/testing/bot-harness';
import { telegramUser, UpdateFactory } from '@crm/testing/telegram-updates';
import { deliverUpdate } from '@crm/testing/fake-telegram';
import { boundaryValue, fuzzOptions } from '@crm/testing/fuzz';

/**
 * Mutated Telegram updates (real update shapes with any field replaced by a boundary or random
 * value, NUL characters included) at the webhook: never a 5xx, and every accepted update is journaled.
 */
let h: Harness;
const updates = new UpdateFactory();
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

type Json = Record<string, unknown>;
const paths = (value: unknown, prefix: string[] = []): string[][] =>
  value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]) : [];

function mutate(update: Json, at: string[], value: unknown): Json {
  const copy = structuredClone(update);
  let node = copy as Json;
  for (const key of at.slice(0, -1)) node = node[key] as Json;
  node[at.at(-1)!] = value;
  return copy;
}

describe('fuzzing the Telegram webhook', () => {
  it('no 5xx for mutated updates; each accepted one is stored', async () => {
    const { org, token } = await h.org();
    const secret = (await org.reload()).webhook_secret!;
    const url = h.fake.bot(token).webhook!.url;
    const person = telegramUser();
    const shapes = () =>
      [
        updates.text(person, 'Нужен ремонт ванной'),
        updates.start(person, 'abc'),
        updates.contact(person, '+79990001122'),
        updates.photo(person, { caption: 'фото' }),
        updates.document(person),
        updates.callback(person, 'cr:1:approve'),
        updates.voice(person),
      ] as unknown as Json[];
    const arbitrary = fc.integer({ min: 0, max: 6 }).chain((i) => {
      const base = shapes()[i]!;
      const where = paths(base).filter((p) => p[0] !== 'update_id');
      return fc.tuple(fc.constant(base), fc.array(fc.tuple(fc.constantFrom(...where), boundaryValue), { maxLength: 3 }));
    });
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(arbitrary, async ([base, changes]) => {
        let update = { ...base, update_id: 700_000_000 + Math.floor(Math.random() * 1e8) };
        for (const [at, value] of changes) {
          try {
            update = mutate(update, at, value) as typeof update;
          } catch {
            /* a parent was replaced by a scalar */
          }
        }
        const res = await deliverUpdate(url, update, secret);
        if (res.status >= 500) problems.push(`${JSON.stringify(update).slice(0, 300)} → ${res.status}`);
        if (res.status === 200 && !(await TelegramUpdate.count({ where: { org_id: org.id, update_id: update.update_id } })))
          problems.push(`accepted but not stored: ${update.update_id}`);
        return problems.length === 0;
      }),
      { ...fuzzOptions(), numRuns: (Number(process.env.FUZZ_RUNS) || 12) * 4 },
    );
    await h.manager.idle();
    expect(problems).toEqual([]);
  }, 120_000);
});
