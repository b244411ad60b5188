import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatMessage, Estimate, Lead, Notification, Stage } from '@crm/database';
import { startBotStack, waitFor, type BotStack } from '@crm/testing/bot-stack';
import { pdfText } from '@crm/testing/pdf-text';
import type { RecordedRequest } from '@crm/testing/fake-telegram';

/**
 * An estimate sent from the back office reaches the client in Telegram through the real pipeline
 * (api → outbound queue → jobs worker → fake Bot API) as a PDF document with three buttons; the
 * client's taps come back through the bot's webhook.
 */
let stack: BotStack;
beforeAll(async () => {
  stack = await startBotStack({ name: 'estimate-buttons' });
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

type Button = { text: string; callback_data?: string; web_app?: { url: string } };
const keyboard = (r: RecordedRequest) => {
  const markup = r.params.reply_markup;
  return ((typeof markup === 'string' ? JSON.parse(markup) : markup) as { inline_keyboard: Button[][] }).inline_keyboard;
};

describe('an estimate in the bot', () => {
  it('arrives as a PDF with Open / Approve / Questions; Approve pressed twice approves once; Questions turns the next message into a question', async () => {
    const company = await stack.company();
    const person = stack.telegramUser({ first_name: 'Olga', language_code: 'en' });
    await stack.personWrites(company.botToken, person, 'Hello, I need a bathroom done');
    const lead = (await Lead.findOne({ where: { org_id: company.org.id, telegram_id: person.id } }))!;
    const estimate = (await stack.api(company.token, 'POST', '/estimates', {
      lead_id: lead.id,
      title: 'Bathroom',
      sections: [
        { name: 'Bathroom', lines: [{ name: 'Tiling', unit: 'm²', quantity: '10', unit_price: '1500' }] },
        { name: 'Hall', lines: [{ name: 'Painting', unit: 'm²', quantity: '20', unit_price: '300.50' }] },
      ],
    })) as { id: number; total: string };
    await stack.api(company.token, 'POST', `/estimates/${estimate.id}/send`);

    const fake = stack.harness.fake;
    const sent = await waitFor(
      async () => fake.calls('sendDocument', company.botToken).find((r) => String(r.params.chat_id) === String(person.id)),
      15_000,
      'the estimate document',
    );
    expect(keyboard(sent)).toEqual([
      [
        {
          text: '📄 Open in app',
          web_app: { url: expect.stringMatching(new RegExp(`^https?://[^/]+/app/\\?org=${company.org.id}&estimate=${estimate.id}$`)) },
        },
      ],
      [
        { text: '✅ Approve', callback_data: `es1:a:${estimate.id}` },
        { text: '❓ Questions', callback_data: `es1:q:${estimate.id}` },
      ],
    ]);
    const file = sent.files.find((f) => f.field === 'document')!;
    expect(file.filename).toBe(`estimate-${estimate.id}-v1.pdf`);
    const text = await pdfText(file.body);
    expect(text).toContain('Bathroom');
    expect(text).toContain('Hall');
    expect(text.replace(/\s/g, '')).toContain('TotaldueRUB21,010.00'); // 10 × 1 500 + 20 × 300.50, in the client's language

    const tap = async (data: string) => {
      await stack.deliver(company.botToken, stack.updates.callback(person, data, 700));
      return fake.calls('answerCallbackQuery', company.botToken).at(-1)!.params;
    };
    expect(await tap(`es1:a:${estimate.id}`)).toMatchObject({ text: 'Estimate approved. Your manager has been notified.' });
    const approved = (await Estimate.findByPk(estimate.id))!;
    expect(approved).toMatchObject({ status: 'approved', approved_via: 'telegram', approved_by_telegram_id: person.id });
    expect(await tap(`es1:a:${estimate.id}`)).toMatchObject({ show_alert: 'true', text: expect.stringMatching(/^Already approved by Olga/) });
    const again = (await Estimate.findByPk(estimate.id))!;
    expect(again.approved_at!.getTime()).toBe(approved.approved_at!.getTime());
    expect(await Notification.count({ where: { org_id: company.org.id, type: 'estimate.approved' } })).toBe(1);
    const stages = await Stage.findAll({ where: { project_id: approved.project_id! }, order: [['position', 'ASC']] });
    expect(stages.map((s) => [s.name, s.budget_planned])).toEqual([
      ['Bathroom', '15000.00'],
      ['Hall', '6010.00'],
    ]);
    expect((await Lead.findByPk(lead.id))!.status).toBe('contract');

    expect(await tap(`es1:q:${estimate.id}`)).toMatchObject({ text: 'Write your question in the next message.' });
    await waitFor(async () =>
      fake.sent(person.id, company.botToken).find((r) => String(r.params.text ?? '').startsWith('Write your question about the estimate “Bathroom”')),
    );
    await stack.personWrites(company.botToken, person, 'Which grout colour?');
    const question = (await ChatMessage.findOne({ where: { org_id: company.org.id, content: 'Which grout colour?' } }))!;
    expect(question).toMatchObject({ direction: 'inbound', lead_id: lead.id, estimate_id: estimate.id });
    await waitFor(async () => fake.sent(person.id, company.botToken).find((r) => String(r.params.text ?? '').includes('passed to your manager')));
    // Only the next message is the question.
    await stack.personWrites(company.botToken, person, 'Thanks!');
    expect((await ChatMessage.findOne({ where: { org_id: company.org.id, content: 'Thanks!' } }))!.estimate_id).toBeNull();
  }, 90_000);
});
