import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError, invalid, notFound } from '@crm/core';
import { QueryTypes } from '@crm/database';
import type { BotFeature } from '../src/context.js';
import { domainErrorText } from '../src/domain-errors.js';
import { telegramUser, UpdateFactory } from '@crm/testing/telegram-updates';
import { startHarness, type Harness } from './harness.js';

// A feature that lets the domain refuse, the way a real feature's core call would.
const refusing: BotFeature = {
  name: 'refusing',
  register(bot) {
    bot.on('message', async (ctx) => {
      const text = ctx.message?.text ?? '';
      if (text === 'phone') throw invalid({ phone: 'is not a phone number' });
      if (text === 'gone') throw notFound('Project');
      throw new DomainError('rate_limited', 'Too many requests', { retry_after: 30 });
    });
    bot.on('callback_query', async () => {
      throw new DomainError('conflict', 'Change request already decided: approved by Olga');
    });
  },
};

let h: Harness;
let updates: UpdateFactory;

beforeAll(async () => {
  h = await startHarness({ features: [refusing] });
  updates = new UpdateFactory(h.fake);
});
afterAll(async () => { await h?.close(); });

describe('domain refusals in the bot', () => {
  it('answers in the person’s language by the error code, never with the code or the English message, and counts the update as handled', async () => {
    const { org, token } = await h.org('Refusals');
    const ru = telegramUser({ language_code: 'ru' });
    const en = telegramUser({ language_code: 'en' });
    const reply = async (person: ReturnType<typeof telegramUser>, text: string) => {
      await h.deliver(token, updates.text(person, text));
      return String(h.fake.sent(person.id, token).at(-1)?.params.text ?? '');
    };

    expect(await reply(ru, 'phone')).toBe(domainErrorText(invalid({ phone: 'is not a phone number' }), 'ru'));
    expect(await reply(ru, 'phone')).toMatch(/номер телефона/);
    expect(await reply(en, 'phone')).toMatch(/phone number/);
    expect(await reply(ru, 'gone')).toMatch(/Этого уже нет/);
    expect(await reply(en, 'gone')).toMatch(/no longer there/);
    expect(await reply(ru, 'fast')).toMatch(/Подождите минуту/);
    for (const text of h.fake.sent(ru.id, token).map((r) => String(r.params.text))) {
      expect(text).not.toMatch(/validation|not_found|rate_limited|not a phone number|Project not found|Too many requests/);
    }

    await h.deliver(token, updates.callback(en, 'cr1:a:1'));
    const alert = h.fake.calls('answerCallbackQuery', token).at(-1)!;
    expect(String(alert.params.show_alert)).toBe('true');
    expect(String(alert.params.text)).toMatch(/changed while you were answering/);

    // A refusal is an answer, not a failure to retry: the journal marks these updates done.
    const [row] = await h.sequelize.query<{ failed: number }>(
      `SELECT count(*)::int AS failed FROM telegram_updates WHERE org_id = :org AND status <> 'done'`, { replacements: { org: org.id }, type: QueryTypes.SELECT });
    expect(row!.failed).toBe(0);
  });

  it('has a text for every domain code in both languages', () => {
    for (const code of ['validation', 'not_found', 'conflict', 'unauthorized', 'forbidden', 'rate_limited', 'unavailable'] as const) {
      for (const locale of ['ru', 'en'] as const) {
        const text = domainErrorText(new DomainError(code, 'raw English message'), locale);
        expect(text).toBeTruthy();
        expect(text).not.toContain('raw English message');
        expect(text).not.toMatch(/^[a-z_]+$/);
      }
    }
    expect(domainErrorText(invalid({ amount: 'is not an amount' }), 'en')).toMatch(/read the number/);
  });
});
