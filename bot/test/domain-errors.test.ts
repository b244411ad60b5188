import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError, invalid, notFound } from '@crm/core';
import { QueryTypes, TelegramUpdate } from '@crm/database';
import type { BotFeature } from '../src/context.js';
import { domainErrorText } from '../src/domain-errors.js';
import { telegramUser, UpdateFactory } from '@crm/testing/telegram-updates';
import { startHarness, type Harness } from '@crm/testing/bot-harness';

// A feature that lets the domain refuse, the way a real feature's core call would; and one that
// fails unexpectedly (a bug, an outage) a set number of times.
let explosionsLeft = 0;
const refusing: BotFeature = {
  name: 'refusing',
  register(bot) {
    bot.on('message', async (ctx) => {
      const text = ctx.message?.text ?? '';
      if (text === 'phone') throw invalid({ phone: 'is not a phone number' });
      if (text === 'gone') throw notFound('Project');
      if (text === 'boom') {
        if (explosionsLeft-- > 0) throw new Error('handler exploded');
        return void (await ctx.reply('Done at last'));
      }
      throw new DomainError('rate_limited', 'Too many requests', { retry_after: 30 });
    });
    bot.on('callback_query', async (ctx) => {
      const data = ctx.callbackQuery?.data;
      if (data === 'late') {
        // The tap is answered first (the spinner stops), then core refuses on a visit.
        await ctx.answerCallbackQuery();
        ctx.crm.subject = 'visit';
        throw notFound('Appointment');
      }
      if (data === 'crash') {
        if (explosionsLeft-- > 0) throw new Error('tap handler exploded');
        return void (await ctx.answerCallbackQuery({ text: 'Saved' }));
      }
      throw new DomainError('conflict', 'Change request already decided: approved by Olga');
    });
  },
};

const journal = (orgId: number) => TelegramUpdate.findAll({ where: { org_id: orgId }, order: [['id', 'ASC']] });
/** Makes the org's journaled updates old enough for the retry sweep, then runs it to the end. */
async function sweepLater(orgId: number) {
  await TelegramUpdate.update({ created_at: new Date(Date.now() - 60_000) }, { where: { org_id: orgId } });
  await h.manager.sweep();
  await h.manager.idle();
}
const texts = (person: { id: number }, token: string) => h.fake.sent(person.id, token).map((r) => String(r.params.text));

let h: Harness;
let updates: UpdateFactory;

beforeAll(async () => {
  h = await startHarness({ features: [refusing] });
  updates = new UpdateFactory(h.fake);
});
afterAll(async () => {
  await h?.close();
});

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
    const [row] = await h.sequelize.query<{ failed: number }>(`SELECT count(*)::int AS failed FROM telegram_updates WHERE org_id = :org AND status <> 'done'`, {
      replacements: { org: org.id },
      type: QueryTypes.SELECT,
    });
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

  it('words a refusal by core’s reason first, then by what the update acts on, then by its code', () => {
    const decided = new DomainError('conflict', 'Change request already decided', {
      reason: 'already_decided',
      status: 'approved',
      decided_by_name: 'Olga',
      decided_at: new Date('2026-03-01T09:30:00Z'),
    });
    expect(domainErrorText(decided, 'en', { subject: 'change_request', timeZone: 'Europe/Berlin' })).toBe('Already decided: approved by Olga, 1 Mar, 10:30.');
    expect(domainErrorText(decided, 'ru', { timeZone: 'Asia/Novosibirsk' })).toBe('Решение уже принято: одобрено (Olga, 1 мар., 16:30).');
    const outdated = new DomainError('conflict', 'Version 1 is out of date', { reason: 'outdated', latest_version: 3 });
    expect(domainErrorText(outdated, 'en', { subject: 'estimate' })).toBe(
      'This version is out of date: version 3 was sent after it. Please open the latest one.',
    );
    expect(domainErrorText(notFound('Estimate'), 'en', { subject: 'estimate' })).toBe('This estimate is not available to you.');
    expect(domainErrorText(notFound('Estimate'), 'en')).toBe(domainErrorText(notFound('Anything'), 'en'));
    const forbidden = new DomainError('forbidden', 'The worker is not assigned to this project');
    expect(domainErrorText(forbidden, 'ru', { subject: 'project' })).toBe('Этот объект вам недоступен.');
    expect(domainErrorText(forbidden, 'ru', { subject: 'estimate' })).toBe(domainErrorText(forbidden, 'ru'));
    // A reason the table does not know (or an inherited property name) falls back to the code.
    expect(domainErrorText(new DomainError('conflict', 'x', { reason: 'constructor' }), 'en')).toBe(domainErrorText(new DomainError('conflict', 'y'), 'en'));
  });

  it('answers a refusal exactly once: the journal marks the update done and the retry sweep does not run it again', async () => {
    const { org, token } = await h.org('Answered once');
    const person = telegramUser({ language_code: 'en' });
    await h.deliver(token, updates.text(person, 'gone'));
    await h.deliver(token, updates.text(person, 'phone'));
    const answers = [domainErrorText(notFound('Project'), 'en'), domainErrorText(invalid({ phone: 'is not a phone number' }), 'en')];
    expect(texts(person, token)).toEqual(answers);
    expect((await journal(org.id)).map((r) => [r.status, r.attempts, r.error])).toEqual([
      ['done', 1, null],
      ['done', 1, null],
    ]);

    await sweepLater(org.id);
    expect(texts(person, token)).toEqual(answers);
    expect((await journal(org.id)).map((r) => [r.status, r.attempts])).toEqual([
      ['done', 1],
      ['done', 1],
    ]);
  });

  it('tells a refusal in the chat when the tap was already answered, worded for what the tap acts on', async () => {
    const { org, token } = await h.org('Late refusal');
    const person = telegramUser({ language_code: 'en' });
    await h.deliver(token, updates.callback(person, 'late'));
    expect(h.fake.calls('answerCallbackQuery', token)).toHaveLength(1);
    expect(texts(person, token)).toEqual(['This button is not for you.']);
    await sweepLater(org.id);
    expect(texts(person, token)).toHaveLength(1);
    expect((await journal(org.id)).map((r) => r.status)).toEqual(['done']);
  });

  it('keeps an unexpected failure for the retry: nothing is said in its place, and the sweep runs it again', async () => {
    const { org, token } = await h.org('Retried');
    const person = telegramUser({ language_code: 'en' });
    explosionsLeft = 1;
    await h.deliver(token, updates.text(person, 'boom'));
    const [failed] = await journal(org.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed!.error).toContain('handler exploded');
    expect(texts(person, token)).toEqual([]);

    await sweepLater(org.id);
    expect(await failed!.reload()).toMatchObject({ status: 'done', attempts: 2, error: null });
    expect(texts(person, token)).toEqual(['Done at last']);
  });

  it('stops the spinner of a tap that failed unexpectedly, without an alert, and still retries it', async () => {
    const { org, token } = await h.org('Tap retried');
    const person = telegramUser({ language_code: 'ru' });
    explosionsLeft = 1;
    await h.deliver(token, updates.callback(person, 'crash'));
    expect(h.fake.calls('answerCallbackQuery', token).map((r) => [String(r.params.text), String(r.params.show_alert)])).toEqual([
      ['Не получилось сохранить, попробуем ещё раз через минуту.', 'false'],
    ]);
    expect((await journal(org.id)).map((r) => [r.status, r.attempts])).toEqual([['failed', 1]]);

    await sweepLater(org.id);
    expect((await journal(org.id)).map((r) => [r.status, r.attempts])).toEqual([['done', 2]]);
    expect(h.fake.calls('answerCallbackQuery', token).at(-1)!.params.text).toBe('Saved');
  });
});
