import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChangeRequest, Estimate, Lead, Project, Stage, User } from '@crm/database';
import { createChangeOrder, createEstimate, loadContractState, sendChangeRequestToClient } from '@crm/core';
import { startHarness, type Harness } from '@crm/testing/bot-harness';
import { telegramUser, UpdateFactory } from '@crm/testing/telegram-updates';

let h: Harness;
let updates: UpdateFactory;
beforeAll(async () => {
  h = await startHarness();
  updates = new UpdateFactory(h.fake);
});
afterAll(async () => h?.close());

type Button = { text: string; callback_data?: string };

/** A client's project from an approved estimate (kitchen, bathroom; 10% markup, VAT 20% on top), its stages made from the sections. */
async function site(language: 'en' | 'ru') {
  const { org, token } = await h.org(`Remont ${language}`);
  await org.update({ locale: language, currency: 'EUR', timezone: 'UTC' });
  const person = telegramUser({ first_name: 'Carl', language_code: language });
  const manager = await User.create({ org_id: org.id, role: 'manager', name: 'Maria', email: `maria-${person.id}@example.test` });
  const client = await User.create({
    org_id: org.id,
    role: 'client',
    name: 'Carl Client',
    telegram_id: person.id,
    manager_id: manager.id,
    language_code: language,
  });
  await Lead.create({ org_id: org.id, telegram_id: person.id, chat_id: person.id, client_id: client.id, name: 'Carl', status: 'won', position: 0 });
  const project = await Project.create({ org_id: org.id, client_id: client.id, manager_id: manager.id, name: 'Flat' });
  const estimate = await h.sequelize.transaction((tx) =>
    createEstimate(
      h.sequelize,
      org.id,
      manager.id,
      {
        project_id: project.id,
        markup_type: 'percent',
        markup_value: '10',
        vat_rate: '20',
        sections: [
          {
            name: 'Kitchen',
            lines: [
              { name: 'Tiles', unit: 'm²', quantity: '10', unit_price: '1500' },
              { name: 'Sockets', unit: 'pcs', quantity: '6', unit_price: '45.50' },
            ],
          },
          { name: 'Bathroom', lines: [{ name: 'Bath', unit: 'pcs', quantity: '1', unit_price: '800' }] },
        ],
      },
      tx,
    ),
  );
  await estimate.update({ status: 'approved', approved_at: new Date() });
  await project.update({ budget_total: estimate.total });
  const state = await loadContractState(org.id, project.id);
  for (const [position, section] of state.sections.entries()) {
    await Stage.create({ org_id: org.id, project_id: project.id, name: section.name, position, estimate_section_id: section.id, budget_planned: '1000' });
  }
  return { org, token, person, manager, client, project, estimate, state: await loadContractState(org.id, project.id) };
}

describe('a change order from estimate lines, as the client gets it in the bot', () => {
  it('lists what is added, removed and changed with old → new; approving raises the contract and the stages once', async () => {
    const s = await site('en');
    const [kitchen, bathroom] = s.state.sections;
    const cr = await h.sequelize.transaction((tx) =>
      createChangeOrder(
        s.org.id,
        s.manager.id,
        {
          project_id: s.project.id,
          title: 'Kitchen and bath',
          lines: [
            { action: 'change', estimate_line_id: kitchen!.lines[0]!.estimate_line_id, quantity: '12.5' },
            { action: 'remove', estimate_line_id: kitchen!.lines[1]!.estimate_line_id },
            { action: 'add', section_id: bathroom!.id, name: 'Towel rail', unit: 'pcs', quantity: '1', unit_price: '120' },
          ],
        },
        tx,
      ),
    );
    // lines +3750 − 273 + 120 = 3597; markup +359.70; VAT +791.34 → 4748.04
    expect(cr.amount).toBe('4748.04');
    const { message } = await sendChangeRequestToClient(
      { queue: h.queue },
      { org_id: s.org.id, change_request_id: cr.id, public_url: 'https://crm.example.com' },
    );
    // The message queued for the client's chat (delivered by the jobs process through the outbound pipeline).
    expect(message.chat_id).toBe(s.person.id);
    expect(message.content.split('\n')).toEqual(
      expect.arrayContaining([
        'Change request: Kitchen and bath',
        'What changes:',
        '✏️ Tiles (Kitchen): 10 → 12.5 m²; €15,000 → €18,750 (+€3,750)',
        '➖ Sockets (Kitchen): 6 pcs × €45.50 = -€273',
        '➕ Towel rail (Bathroom): 1 pcs × €120 = +€120',
        'Markup: +€359.70',
        'VAT: +€791.34',
        'Amount: +€4,748.04',
      ]),
    );

    const approve = (message.reply_markup as { inline_keyboard: Button[][] }).inline_keyboard.flat().find((b) => b.text.includes('Approve'))!;
    for (const id of [601, 602]) {
      const update = updates.callback(s.person, approve.callback_data!, id) as { callback_query: { message: { text: string } } };
      update.callback_query.message.text = message.content;
      await h.deliver(s.token, update);
    }
    expect((await ChangeRequest.findByPk(cr.id))!.status).toBe('approved');
    expect((await Project.findByPk(s.project.id))!.budget_total).toBe((Number(s.estimate.total) + 4748.04).toFixed(2));
    const stages = await Stage.findAll({ where: { project_id: s.project.id }, order: [['position', 'ASC']] });
    // Kitchen: +3477 × 1.1 × 1.2 = 4589.64; Bathroom: +120 × 1.32 = 158.40 — together the amount.
    expect(stages.map((st) => st.budget_planned)).toEqual(['5589.64', '1158.40']);
    const after = await loadContractState(s.org.id, s.project.id);
    expect(after.sections.map((sec) => sec.lines.map((l) => `${l.name} ${l.quantity}`))).toEqual([['Tiles 12.500'], ['Bath 1.000', 'Towel rail 1.000']]);
    expect((await Estimate.findByPk(s.estimate.id))!.status).toBe('approved');
  });

  it('speaks Russian to a Russian client', async () => {
    const s = await site('ru');
    const line = s.state.sections[0]!.lines[0]!;
    const cr = await h.sequelize.transaction((tx) =>
      createChangeOrder(
        s.org.id,
        s.manager.id,
        {
          project_id: s.project.id,
          title: 'Больше плитки',
          lines: [{ action: 'change', estimate_line_id: line.estimate_line_id, quantity: '10.5', unit_price: '1600' }],
        },
        tx,
      ),
    );
    const { message } = await sendChangeRequestToClient(
      { queue: h.queue },
      { org_id: s.org.id, change_request_id: cr.id, public_url: 'https://crm.example.com' },
    );
    expect(message.content).toContain('Что меняется:');
    expect(message.content.replace(/\u00a0|\u202f/g, ' ')).toContain('✏️ Tiles (Kitchen): 10 → 10,5 m², 1 500 € → 1 600 €; 15 000 € → 16 800 € (+1 800 €)');
    expect(message.content).toContain('Наценка: +');
  });
});
