import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Message, User as TelegramUser } from 'node-telegram-bot-api';
import { BotSession, ChatMessage, DailyReport, Lead, Notification, Organization, QueryTypes, Stage, User } from '@crm/database';
import { createWorkerFixture } from '@crm/testing/worker-fixture';
import { startHarness, type Harness } from '@crm/testing/bot-harness';
import { failFirstInsert } from '@crm/testing/fail-once';
import { telegramUser, UpdateFactory } from '@crm/testing/telegram-updates';
import { waitFor } from '@crm/testing/wait-for';
import { encodeCallback } from '../src/features/worker/callback-data.js';
import type { RecordedRequest } from '@crm/testing/fake-telegram';

let h: Harness;
let updates: UpdateFactory;

beforeAll(async () => {
  h = await startHarness();
  updates = new UpdateFactory(h.fake);
});
afterAll(async () => {
  await h?.close();
});

type Markup = {
  inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>>;
  keyboard?: Array<Array<{ text: string; request_contact?: boolean }>>;
};
const markupOf = (r: RecordedRequest | undefined) => (r?.params.reply_markup ?? {}) as Markup;

async function site(options: { linked?: boolean; language?: string } = {}) {
  const { org, token } = await h.org('Worker Remont');
  const person = telegramUser({ first_name: 'Ivan', language_code: options.language ?? 'en' });
  const f = await createWorkerFixture(h.sequelize, { org, phone: '+79001234567', telegram_id: options.linked === false ? null : person.id });
  const sent = () => h.fake.shown(person.id, token);
  const last = () => sent().at(-1);
  const say = (text: string) => h.deliver(token, updates.text(person, text));
  /** Taps the button with this label on the latest message that has it. */
  const tap = async (label: string) => {
    const message = [...sent()].reverse().find((r) =>
      markupOf(r)
        .inline_keyboard?.flat()
        .some((b) => b.text.includes(label)),
    );
    const data = markupOf(message)
      .inline_keyboard!.flat()
      .find((b) => b.text.includes(label))!.callback_data!;
    await h.deliver(token, updates.callback(person, data));
    return data;
  };
  const session = async () =>
    (await BotSession.findOne({ where: { org_id: org.id, chat_id: person.id } }))?.state as { nonce?: string; draft?: { step: string } } | undefined;
  return { ...f, token, person, sent, last, say, tap, session };
}

describe('worker sign-in', () => {
  it('links the worker who shares their own contact and shows the menu (Russian by Telegram language)', async () => {
    const s = await site({ linked: false, language: 'ru' });
    await h.deliver(s.token, updates.start(s.person));
    expect(s.last()?.params.text).toMatch(/Поделиться телефоном/);
    expect(markupOf(s.last()).keyboard?.[0]?.[0]).toMatchObject({ request_contact: true });
    await h.deliver(s.token, updates.contact(s.person, '8 (900) 123-45-67'));
    expect((await User.findByPk(s.worker.id))?.telegram_id).toBe(s.person.id);
    expect(s.last()?.params.text).toMatch(/Добро пожаловать, Ivan/);
    expect(
      markupOf(s.last())
        .keyboard?.flat()
        .map((b) => b.text),
    ).toEqual(['📝 Отчёт', '💸 Расход', '📋 Мои объекты']);
    expect(await Lead.count({ where: { org_id: s.org.id } })).toBe(0);
  });

  it('a plain Start from a new person opens a lead conversation, answered once by the greeting', async () => {
    const s = await site({ linked: false });
    await h.deliver(s.token, updates.start(s.person));
    expect(s.sent().filter((r) => r.method === 'sendMessage')).toHaveLength(1);
    expect(markupOf(s.last()).keyboard?.[0]?.[0]).toMatchObject({ request_contact: true });
    const lead = await Lead.findOne({ where: { org_id: s.org.id, telegram_id: s.person.id } });
    expect(lead).toMatchObject({ status: 'new', source: 'telegram' });
    expect(await ChatMessage.count({ where: { org_id: s.org.id, lead_id: lead!.id } })).toBe(1);
    // The client then writes: the same conversation goes on.
    await h.deliver(s.token, updates.text(s.person, 'Нужен ремонт ванной'));
    expect(await Lead.count({ where: { org_id: s.org.id } })).toBe(1);
    expect(await ChatMessage.count({ where: { org_id: s.org.id, lead_id: lead!.id } })).toBe(2);
  });

  it("refuses someone else's contact and does not link anyone", async () => {
    const s = await site({ linked: false });
    await h.deliver(s.token, updates.start(s.person));
    const other = telegramUser();
    const own = (updates.contact(s.person, '+79001234567') as unknown as { message: Message }).message;
    const forwarded = updates.message({ ...own, contact: { phone_number: '+79001234567', first_name: 'Ivan', user_id: other.id } });
    await h.deliver(s.token, forwarded);
    expect(s.last()?.params.text).toMatch(/your own number/);
    expect((await User.findByPk(s.worker.id))?.telegram_id).toBeNull();
    expect(await User.count({ where: { org_id: s.org.id, telegram_id: s.person.id } })).toBe(0);
  });

  it('politely refuses an unknown phone and links nobody', async () => {
    const s = await site({ linked: false });
    await h.deliver(s.token, updates.contact(s.person, '+79995550000'));
    expect(s.last()?.params.text).toMatch(/no employee with this number/);
    expect(await User.count({ where: { org_id: s.org.id, telegram_id: s.person.id } })).toBe(0);
    expect(await Lead.count({ where: { org_id: s.org.id } })).toBe(0);
  });
});

describe('daily report', () => {
  it('files a full report with an album, a video, a voice note and progress; notifies manager and client', async () => {
    const s = await site();
    await s.say('📝 Report');
    const projectButtons = markupOf(s.last())
      .inline_keyboard!.flat()
      .map((b) => b.text);
    expect(projectButtons).toContain('Lenina 5, apt 12');
    expect(projectButtons).not.toContain('Mira 1, office');
    await s.tap('Lenina 5, apt 12');
    expect(s.last()?.params.text).toMatch(/Choose a stage/);
    await s.tap('Plastering');
    expect(s.last()?.params.text).toMatch(/Send photos and videos/);
    const before = s.sent().length;
    // The album's parts arrive together and are processed concurrently: none may be lost.
    const album = updates.album(s.person, 3, 'walls');
    await Promise.all(album.map((part) => h.fake.bot(s.token).deliver(part)));
    await h.manager.idle();
    expect(s.sent().length).toBe(before + 1); // one answer for the whole album
    await h.deliver(s.token, updates.video(s.person));
    expect(s.last()?.params.text).toMatch(/Files received: 4/);
    await s.tap('Done');
    expect(s.last()?.params.text).toMatch(/voice message or write/);
    await h.deliver(s.token, updates.voice(s.person, 9));
    expect(s.last()?.params.text).toMatch(/Stage “Plastering” is 0% done/);
    await s.say('60%');
    expect(s.last()?.params.text).toMatch(/Photos\/videos: 4[\s\S]*🎤 voice[\s\S]*Progress: 60%/);
    await s.tap('Send');
    expect(s.last()?.params.text).toMatch(/Report sent/);

    const [report] = await DailyReport.findAll({ where: { org_id: s.org.id } });
    expect(report).toMatchObject({ project_id: s.project.id, stage_id: s.stages[1]!.id, author_id: s.worker.id, progress_pct: 60 });
    expect(report!.media_urls.map((m) => m.type)).toEqual(['photo', 'photo', 'photo', 'video', 'voice']);
    expect((await Stage.findByPk(s.stages[1]!.id))?.progress_pct).toBe(60);
    expect(await Notification.count({ where: { org_id: s.org.id, user_id: s.manager.id, type: 'report.created' } })).toBe(1);
    const ingest = await h.sequelize.query(`SELECT 1 FROM agenda_jobs WHERE name = 'media.ingest' AND (data->>'report_id')::int = :id`, {
      replacements: { id: report!.id },
      type: QueryTypes.SELECT,
    });
    expect(ingest).toHaveLength(1);
    const [notice] = await ChatMessage.findAll({ where: { org_id: s.org.id, user_id: s.client.id, direction: 'outbound' } });
    expect(notice).toMatchObject({ status: 'queued', chat_id: s.client.telegram_id });
    expect(notice!.content).toMatch(/Lenina 5, apt 12/);
    expect(JSON.stringify(notice!.reply_markup)).toContain(`/app/?org=${s.org.id}`);
    expect(await s.session()).toEqual({});
  });

  it('Back returns to the previous step from every step, and Cancel leaves from every step', async () => {
    const s = await site();
    const reach = [
      async () => {},
      async () => {
        await s.tap('Lenina');
      },
      async () => {
        await s.tap('Demolition');
      },
      async () => {
        await h.deliver(s.token, updates.photo(s.person));
        await s.tap('Done');
      },
      async () => {
        await s.say('Debris removed');
      },
      async () => {
        await s.tap('Skip');
      },
    ];
    const prompts = [
      /Choose a project/,
      /Choose a stage/,
      /Send photos|Files received/,
      /voice message or write/,
      /Send the new percentage/,
      /Check your report/,
    ];
    // The chat's last message, once it matches (a loaded machine may show the answer a moment late).
    const lastShown = async (pattern: RegExp) => {
      await waitFor(async () => pattern.test(String(s.last()?.params.text)), 5_000).catch(() => {});
      return s.last()?.params.text;
    };
    for (let depth = 0; depth < reach.length; depth++) {
      await s.say('📝 Report');
      for (let i = 0; i <= depth; i++) await reach[i]!();
      expect(await lastShown(prompts[depth]!)).toMatch(prompts[depth]!);
      await s.tap('Back');
      if (depth === 0) {
        expect(await lastShown(/Cancelled/)).toMatch(/Cancelled/);
        continue;
      }
      expect(await lastShown(prompts[depth - 1]!)).toMatch(prompts[depth - 1]!);
      await s.tap('Cancel');
      expect(await lastShown(/Cancelled/)).toMatch(/Cancelled/);
      expect(await s.session()).toEqual({});
    }
    expect(await DailyReport.count({ where: { org_id: s.org.id } })).toBe(0);
  });

  it('edits its own dialog message from step to step, and sends a new one when the edit fails', async () => {
    const s = await site();
    await s.say('📝 Report');
    const sends = () => h.fake.sent(s.person.id, s.token).length;
    const edits = () => h.fake.calls('editMessageText', s.token).filter((r) => String(r.params.chat_id) === String(s.person.id));
    const before = { sends: sends(), edits: edits().length };
    const project = [...h.fake.sent(s.person.id, s.token)].reverse().find((r) => markupOf(r).inline_keyboard)!;
    const data = markupOf(project)
      .inline_keyboard!.flat()
      .find((b) => b.text.includes('Lenina'))!.callback_data!;
    await h.deliver(s.token, updates.callback(s.person, data, 4242));
    await waitFor(async () => edits().length > before.edits, 5_000).catch(() => {});
    // The tapped message becomes the stage screen: an edit, not a new message.
    expect(sends()).toBe(before.sends);
    expect(edits()).toHaveLength(before.edits + 1);
    expect(edits().at(-1)!.params).toMatchObject({ chat_id: String(s.person.id), message_id: '4242' });
    expect(edits().at(-1)!.params.text).toMatch(/Choose a stage/);
    expect(
      markupOf(edits().at(-1))
        .inline_keyboard!.flat()
        .map((b) => b.text),
    ).toContain('Plastering · 0%');

    // A second tap on the old button shows the current screen again; Telegram answers "not modified", quietly.
    h.fake.failNext({ kind: 'bad_request', description: 'message is not modified: specified new message content and reply markup are exactly the same' }, 1, {
      method: 'editMessageText',
    });
    await h.deliver(s.token, updates.callback(s.person, data, 4242));
    expect(h.fake.calls('editMessageText', s.token).at(-1)!.status).toBe(400);
    expect(sends()).toBe(before.sends);

    // A message too old to edit: the step arrives as a new message.
    h.fake.failNext({ kind: 'bad_request', description: "message can't be edited" }, 1, { method: 'editMessageText' });
    await s.tap('Plastering');
    expect(sends()).toBe(before.sends + 1);
    expect(h.fake.sent(s.person.id, s.token).at(-1)!.params.text).toMatch(/Send photos and videos/);

    // Typed input and photos are answered below them, as new messages.
    await h.deliver(s.token, updates.photo(s.person));
    expect(sends()).toBe(before.sends + 2);
    // Cancel on a button: the tapped message loses its buttons, and the menu comes back in a new message.
    await s.tap('Cancel');
    const stripped = h.fake.calls('editMessageReplyMarkup', s.token).at(-1)!;
    expect(stripped.params.reply_markup).toEqual({ inline_keyboard: [] });
    expect(s.last()?.params.text).toMatch(/Cancelled/);
    expect(markupOf(s.last()).keyboard).toBeDefined();
  });

  it('survives a bot restart in the middle of a report', async () => {
    const s = await site();
    await s.say('📝 Report');
    await s.tap('Lenina');
    await s.tap('Demolition');
    await h.deliver(s.token, updates.photo(s.person));
    // A restart: the running Bot is stopped and a fresh instance (no memory of the dialog) takes over.
    await Organization.update({ bot_token: null }, { where: { id: s.org.id } });
    await h.manager.reconcile();
    expect(h.manager.forOrg(s.org.id)).toBeUndefined();
    await Organization.update({ bot_token: s.token }, { where: { id: s.org.id } });
    await h.manager.reconcile();
    expect(h.manager.forOrg(s.org.id)).toBeDefined();

    await s.tap('Done');
    await s.say('Old tiles removed');
    await s.tap('50%');
    await s.tap('Send');
    const [report] = await DailyReport.findAll({ where: { org_id: s.org.id } });
    expect(report).toMatchObject({ content: 'Old tiles removed', progress_pct: 50, stage_id: s.stages[0]!.id });
    expect(report!.media_urls).toHaveLength(1);
  });

  it('files a report only with what it sets off: when its media copy cannot be queued, the retried Send files report, bell, copies and media copy once', async () => {
    const s = await site();
    await s.manager.update({ telegram_id: telegramUser({ first_name: 'Marina' }).id });
    await s.say('📝 Report');
    await s.tap('Lenina');
    await s.tap('Demolition');
    await h.deliver(s.token, updates.photo(s.person));
    await s.tap('Done');
    await s.say('Walls down');
    await s.tap('50%');
    const told = async () =>
      (await ChatMessage.findAll({ where: { org_id: s.org.id, direction: 'outbound', user_id: [s.manager.id, s.client.id] }, attributes: ['user_id'] }))
        .map((m) => m.user_id)
        .sort();
    const ingestJobs = () =>
      h.sequelize.query(`SELECT 1 FROM agenda_jobs WHERE name = 'media.ingest' AND (data->>'org_id')::int = :org`, {
        replacements: { org: s.org.id },
        type: QueryTypes.SELECT,
      });
    // The queue refuses the media copy once (the last thing the report writes), as during a database restart.
    const restore = await failFirstInsert(
      h.sequelize,
      'report_ingest_fail_once',
      'agenda_jobs',
      `NEW.name = 'media.ingest' AND (NEW.data->>'org_id')::int = ${s.org.id}`,
    );
    try {
      await s.tap('Send');
      expect(await DailyReport.count({ where: { org_id: s.org.id } })).toBe(0);
      expect(await Notification.count({ where: { org_id: s.org.id, type: 'report.created' } })).toBe(0);
      expect(await told()).toEqual([]);
      expect(await ingestJobs()).toHaveLength(0);
      expect(s.sent().some((r) => /Report sent/.test(String(r.params.text)))).toBe(false);

      await h.manager.sweep({ olderThanMs: 0 });
      await h.manager.idle();
      expect(await DailyReport.count({ where: { org_id: s.org.id } })).toBe(1);
      expect(await Notification.count({ where: { org_id: s.org.id, type: 'report.created' } })).toBe(1);
      expect(await told()).toEqual([s.manager.id, s.client.id].sort());
      expect(await ingestJobs()).toHaveLength(1);
      expect(s.sent().filter((r) => /Report sent/.test(String(r.params.text)))).toHaveLength(1);
    } finally {
      await restore();
    }
  });

  it('refuses a project the worker is not assigned to, even with forged callback data, and stale buttons', async () => {
    const s = await site();
    await s.say('📝 Report');
    const state = await s.session();
    const forged = encodeCallback({ nonce: state!.nonce!, step: 'choose_project', action: { action: 'project', id: s.otherProject.id } });
    await h.deliver(s.token, updates.callback(s.person, forged));
    expect(s.last()?.params.text).toBe('This project is not available to you.');
    expect((await s.session())?.draft?.step).toBe('choose_project');

    const staleData = encodeCallback({ nonce: 'zzzzzz', step: 'choose_project', action: { action: 'project', id: s.project.id } });
    await h.deliver(s.token, updates.callback(s.person, staleData));
    expect(h.fake.calls('answerCallbackQuery', s.token).at(-1)?.params.text).toBe('This button is no longer active.');
    expect((await s.session())?.draft?.step).toBe('choose_project');

    await s.say('hello?');
    expect(s.last()?.params.text).toMatch(/choose with the buttons/);
    expect(await DailyReport.count({ where: { org_id: s.org.id } })).toBe(0);
  });

  it('a report on the whole project skips the progress question, and Back from the summary returns to the note', async () => {
    const s = await site();
    await s.say('📝 Report');
    await s.tap('Lenina');
    await s.tap('Whole project');
    await h.deliver(s.token, updates.voice(s.person));
    expect(s.last()?.params.text).toMatch(/first send at least one photo/i);
    await h.deliver(s.token, updates.photo(s.person));
    await s.tap('Done');
    await s.say('Site cleaned');
    expect(s.last()?.params.text).toMatch(/Check your report[\s\S]*whole project[\s\S]*Progress: unchanged/);
    await s.tap('Back');
    expect(s.last()?.params.text).toMatch(/voice message or write/);
    await s.say('Site cleaned, skip bins');
    await s.tap('Send');
    const [report] = await DailyReport.findAll({ where: { org_id: s.org.id } });
    expect(report).toMatchObject({ stage_id: null, progress_pct: null, content: 'Site cleaned, skip bins' });
  });
});

describe('report notes', () => {
  it('keeps several notes sent one after another in the report', async () => {
    const s = await site();
    await s.say('📝 Report');
    await s.tap('Lenina');
    await s.tap('Plastering');
    await h.deliver(s.token, updates.photo(s.person));
    await s.tap('Done');
    await s.say('Walls plastered in two rooms');
    await s.say('Corridor tomorrow');
    expect(s.sent().at(-2)?.params.text).toMatch(/Added to the report notes/);
    await s.say('40');
    await s.say('Need 5 more bags of plaster');
    expect(s.last()?.params.text).toMatch(/Check your report/);
    await s.tap('Send');
    const [report] = await DailyReport.findAll({ where: { org_id: s.org.id } });
    expect(report).toMatchObject({ progress_pct: 40, content: 'Walls plastered in two rooms\n\nCorridor tomorrow\n\nNeed 5 more bags of plaster' });
  });
});

describe('expenses and projects', () => {
  it('records an expense typed as people type it, with a receipt photo', async () => {
    const s = await site();
    await s.say('💸 Expense');
    await s.say('twelve');
    expect(s.last()?.params.text).toMatch(/Could not read the amount/);
    await s.say('12,5к');
    expect(s.last()?.params.text).toMatch(/Amount: 12500.00/);
    await s.tap('Materials');
    await s.tap('Lenina');
    await s.tap('Whole project');
    await s.say('here it is');
    expect(s.last()?.params.text).toMatch(/photo of the receipt/);
    await h.deliver(s.token, updates.photo(s.person));
    expect(s.last()?.params.text).toMatch(/Expense 12500.00 \(Materials\) for “Lenina 5, apt 12” recorded/);
    const [row] = await h.sequelize.query<{ amount: string; category: string; proof_url: string; budget_spent: string }>(
      `SELECT t.amount, t.category, t.proof_url, p.budget_spent FROM transactions t JOIN projects p ON p.id = t.project_id WHERE t.org_id = :org`,
      { replacements: { org: s.org.id }, type: QueryTypes.SELECT },
    );
    expect(row).toMatchObject({ amount: '12500.00', category: 'materials', budget_spent: '12500.00' });
    expect(row!.proof_url).toMatch(/^tg:/);
    const receiptJobs = await h.sequelize.query(
      `SELECT 1 FROM agenda_jobs WHERE name = 'expense.receipt' AND (data->>'transaction_id')::int IN (SELECT id FROM transactions WHERE org_id = :org)`,
      { replacements: { org: s.org.id }, type: QueryTypes.SELECT },
    );
    expect(receiptJobs).toHaveLength(1);
  });

  it('records nothing while the receipt copy cannot be queued, and the retried update records the expense once with its copy queued', async () => {
    const s = await site();
    const expenses = () =>
      h.sequelize.query<{ id: number; proof_url: string }>('SELECT id, proof_url FROM transactions WHERE org_id = :org', {
        replacements: { org: s.org.id },
        type: QueryTypes.SELECT,
      });
    const copies = () =>
      h.sequelize.query<{ transaction_id: string }>(
        `SELECT data->>'transaction_id' AS transaction_id FROM agenda_jobs WHERE name = 'expense.receipt' AND (data->>'org_id')::int = :org`,
        { replacements: { org: s.org.id }, type: QueryTypes.SELECT },
      );
    // The queue refuses the receipt copy once (the only job this expense queues), as during a database restart.
    const restore = await failFirstInsert(
      h.sequelize,
      'receipt_fail_once',
      'agenda_jobs',
      `NEW.name = 'expense.receipt' AND (NEW.data->>'org_id')::int = ${s.org.id}`,
    );
    try {
      await s.say('💸 Expense');
      await s.say('3400');
      await s.tap('Materials');
      await s.tap('Lenina');
      await s.tap('Whole project');
      await h.deliver(s.token, updates.photo(s.person));
      expect(await expenses()).toEqual([]);
      expect(s.sent().some((r) => /recorded/.test(String(r.params.text)))).toBe(false);

      await h.manager.sweep({ olderThanMs: 0 });
      await h.manager.idle();
      const recorded = await expenses();
      expect(recorded).toHaveLength(1);
      expect(recorded[0]!.proof_url).toMatch(/^tg:/);
      expect(await copies()).toEqual([{ transaction_id: String(recorded[0]!.id) }]);
      expect(s.sent().filter((r) => /Expense 3400.00 \(Materials\) for “Lenina 5, apt 12” recorded/.test(String(r.params.text)))).toHaveLength(1);
      expect(
        Number(
          (await h.sequelize.query('SELECT budget_spent FROM projects WHERE id = :id', { replacements: { id: s.project.id }, plain: true }))!.budget_spent,
        ),
      ).toBe(3400);
    } finally {
      await restore();
    }
  });

  it('records an expense without a receipt when the worker taps "No receipt"', async () => {
    const s = await site();
    await s.say('💸 Expense');
    await s.say('1 500');
    await s.tap('Transport');
    await s.tap('Lenina');
    await s.tap('Whole project');
    expect(s.last()?.params.text).toMatch(/No receipt\?/);
    await s.tap('No receipt');
    expect(s.last()?.params.text).toMatch(/Expense 1500.00 \(Transport, no receipt\) for “Lenina 5, apt 12” recorded/);
    const [row] = await h.sequelize.query<{ amount: string; proof_url: string | null }>('SELECT amount, proof_url FROM transactions WHERE org_id = :org', {
      replacements: { org: s.org.id },
      type: QueryTypes.SELECT,
    });
    expect(row).toEqual({ amount: '1500.00', proof_url: null });
    expect((await s.session())?.draft).toBeUndefined();
  });

  it('a message outside the menus is kept in the worker’s conversation, unread for the manager', async () => {
    const s = await site();
    await s.say('The tiles delivered are the wrong colour');
    expect(s.last()?.params.text).toMatch(/passed to the manager/);
    const messages = await ChatMessage.findAll({ where: { org_id: s.org.id, user_id: s.worker.id } });
    expect(messages.map((m) => [m.direction, m.content, m.read_at])).toEqual([['inbound', 'The tiles delivered are the wrong colour', null]]);
    await h.deliver(s.token, updates.photo(s.person, { caption: 'see' }));
    expect(await ChatMessage.count({ where: { org_id: s.org.id, user_id: s.worker.id, direction: 'inbound', read_at: null } })).toBe(2);
    // Menu commands are not messages for the office.
    await s.say('/unknown');
    expect(s.last()?.params.text).toMatch(/Choose an action in the menu/);
    expect(await ChatMessage.count({ where: { org_id: s.org.id, user_id: s.worker.id } })).toBe(2);
  });

  it('lists the assigned projects with stage progress', async () => {
    const s = await site();
    await Stage.update({ progress_pct: 40 }, { where: { id: s.stages[0]!.id } });
    await s.say('📋 My projects');
    expect(s.last()?.params.text).toMatch(/Lenina 5, apt 12[\s\S]*Demolition: 40%[\s\S]*Plastering: 0%/);
    expect(s.last()?.params.text).not.toMatch(/Mira/);
  });

  it('ignores the worker buttons of someone who is not a worker', async () => {
    const s = await site();
    const stranger: TelegramUser = telegramUser({ language_code: 'en' });
    await h.deliver(
      s.token,
      updates.callback(stranger, encodeCallback({ nonce: 'abcdef', step: 'choose_project', action: { action: 'project', id: s.project.id } })),
    );
    expect(h.fake.calls('answerCallbackQuery', s.token).at(-1)?.params.text).toBe('This button is no longer active.');
  });
});
