import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatMessage, Lead, Notification, QueryTypes, User } from '@crm/database';
import { startBotStack, type BotStack } from '@crm/testing/bot-stack';
import { bearer } from '@crm/testing/api';

// One real firm with no demo data: signed up through the API, its bot connected, people linked to
// Telegram through the bot (the fake Bot API posts their updates to the bot's webhook).
const PUBLIC_URL = 'https://crm.example.test';

let stack: BotStack;
let company: Awaited<ReturnType<BotStack['company']>>;

beforeAll(async () => {
  stack = await startBotStack({ name: 'firm', publicUrl: PUBLIC_URL });
  company = await stack.company();
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

const http = () => stack.harness.api.http;
const auth = () => bearer(company.token);
const org = () => company.org.id;
const fake = () => stack.harness.fake;

/** The bot's replies to a chat, as the fake Bot API received them. */
const repliesTo = (chatId: number) =>
  fake()
    .sent(chatId, company.botToken)
    .map((r) => String(r.params.text ?? ''));

async function manager(name: string, phone?: string) {
  const email = `${name.toLowerCase().replace(/\W/g, '')}-${Date.now()}@firm.test`;
  const created = await http()
    .post('/api/users')
    .set(auth())
    .send({ name, role: 'manager', email, password: 'manager password 1', ...(phone ? { phone } : {}) });
  expect(created.status).toBe(201);
  const login = await http().post('/api/auth/login').send({ email, password: 'manager password 1' });
  return { id: created.body.id as number, headers: bearer(login.body.token) };
}

describe('staff link their Telegram', () => {
  it('links from the profile with a one-time link that is stored hashed and works once', async () => {
    const me = await http().get('/api/profile').set(auth());
    expect(me.body).toMatchObject({ id: company.user.id, telegram_linked: false });

    const link = await http().post('/api/profile/telegram-link').set(auth());
    expect(link.status).toBe(201);
    const bot = fake().bot(company.botToken);
    expect(link.body.url).toBe(`https://t.me/${bot.username}?start=${link.body.token}`);

    const phone = stack.telegramUser({ first_name: 'Anna', language_code: 'en' });
    await stack.deliver(company.botToken, stack.updates.start(phone, link.body.token));
    expect(repliesTo(phone.id).at(-1)).toMatch(/Telegram is linked/);
    expect((await http().get('/api/profile').set(auth())).body).toMatchObject({ telegram_linked: true });
    expect(Number((await User.findByPk(company.user.id))!.telegram_id)).toBe(phone.id);

    // Nothing keeps the token in the clear: not the update journal, not a lead, not a message.
    const [kept] = await stack.harness.sequelize.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM telegram_updates WHERE payload::text LIKE :t)
            + (SELECT count(*) FROM leads WHERE source LIKE :t)
            + (SELECT count(*) FROM chat_messages WHERE content LIKE :t) AS n`,
      { replacements: { t: `%${link.body.token}%` }, type: QueryTypes.SELECT },
    );
    expect(Number(kept!.n)).toBe(0);
    expect(await Lead.count({ where: { org_id: org(), telegram_id: phone.id } })).toBe(0);

    // Used once: a second account opening the same link links nobody.
    const stranger = stack.telegramUser({ language_code: 'en' });
    await stack.deliver(company.botToken, stack.updates.start(stranger, link.body.token));
    expect(repliesTo(stranger.id).at(-1)).toMatch(/no longer valid/);
    expect(await User.count({ where: { org_id: org(), telegram_id: stranger.id } })).toBe(0);
    expect(await Lead.count({ where: { org_id: org(), telegram_id: stranger.id } })).toBe(0);

    // A linked manager who writes to the bot is staff, never a lead.
    await stack.personWrites(company.botToken, phone, 'Hi, checking the bot');
    expect(await Lead.count({ where: { org_id: org(), telegram_id: phone.id } })).toBe(0);
    expect(await ChatMessage.count({ where: { org_id: org(), user_id: company.user.id, direction: 'inbound', lead_id: null } })).toBeGreaterThan(0);
  });

  it('links a manager who shares their own contact matching the phone in their profile', async () => {
    const m = await manager('Boris');
    const saved = await http()
      .put('/api/profile')
      .set(m.headers)
      .send({ name: 'Boris K', phone: '8 (916) 555-01-02', telegram_linked: false, email: 'ignored@x.test' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ name: 'Boris K', phone: '+79165550102' });
    expect((await http().put('/api/profile').set(m.headers).send({ phone: 'call me' })).body.fields).toHaveProperty('phone');

    const boris = stack.telegramUser({ first_name: 'Boris' });
    // Someone else's contact links nobody.
    const shared = stack.updates.contact(boris, '+79165550102') as { update_id: number; message: { contact: { user_id?: number } } };
    shared.message.contact.user_id = boris.id + 1;
    await stack.deliver(company.botToken, shared);
    expect(await User.count({ where: { id: m.id, telegram_id: boris.id } })).toBe(0);

    await stack.deliver(company.botToken, stack.updates.contact(boris, '79165550102'));
    expect(Number((await User.findByPk(m.id))!.telegram_id)).toBe(boris.id);
    expect(repliesTo(boris.id).at(-1)).toMatch(/Telegram привязан/);
    expect(await Lead.count({ where: { org_id: org(), telegram_id: boris.id } })).toBe(0);
  });

  it("only an admin invites another staff member; another firm's user is not found", async () => {
    const m = await manager('Vera');
    expect((await http().post(`/api/users/${company.user.id}/invite`).set(m.headers)).status).toBe(403);
    expect((await http().post(`/api/users/${m.id}/invite`).set(auth())).status).toBe(201);
    const other = await stack.harness.api.register();
    expect((await http().post(`/api/users/${m.id}/invite`).set(bearer(other.token))).status).toBe(404);
    expect((await http().post(`/api/leads/1/make-client`).set(bearer(other.token))).status).toBe(404);
  });
});

describe('a lead becomes a client in one conversation', () => {
  let leadId: number;

  it('qualifies a lead, hands it to the linked manager with a button to the conversation, and "Take it" clears it', async () => {
    const anna = await User.findByPk(company.user.id);
    const before = fake().sent(Number(anna!.telegram_id), company.botToken).length;
    const lead = stack.telegramUser({ first_name: 'Ольга', last_name: 'Петрова' });
    await stack.deliver(company.botToken, stack.updates.start(lead, 'vk_spring'));
    await stack.personWrites(
      company.botToken,
      lead,
      'Нужен ремонт квартиры под ключ, 62 м2, бюджет 1,8 млн, начать в январе, адрес ул. Ленина 5, телефон +7 900 111-22-33',
    );
    const row = await stack.waitFor(
      async () => {
        const found = await Lead.findOne({ where: { org_id: org(), telegram_id: lead.id } });
        return found?.needs_manager ? found : null;
      },
      20_000,
      'the handoff',
    );
    leadId = row.id;
    expect(row).toMatchObject({ status: 'qualified', source: 'vk_spring', phone: '+79001112233', ai_enabled: false });
    expect(await Notification.count({ where: { org_id: org(), type: 'lead.handoff' } })).toBeGreaterThan(0);

    const alert = await stack.waitFor(
      async () =>
        fake()
          .sent(Number(anna!.telegram_id), company.botToken)
          .slice(before)
          .find((r) => String(r.params.text).includes('Ольга')),
      15_000,
      'the handoff in Telegram',
    );
    const markup = typeof alert.params.reply_markup === 'string' ? JSON.parse(alert.params.reply_markup) : alert.params.reply_markup;
    expect(markup.inline_keyboard[0][0]).toEqual({ text: 'Open in the CRM', url: `${PUBLIC_URL}/admin/#/chat?c=lead-${leadId}` });

    const taken = await http().post(`/api/chats/lead-${leadId}/take`).set(auth());
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ needs_manager: false, manager_id: company.user.id });
  }, 60_000);

  it('makes the lead a client carrying its Telegram id and phone, once, and keeps one thread', async () => {
    const made = await http().post(`/api/leads/${leadId}/make-client`).set(auth()).send({});
    expect(made.status).toBe(201);
    const lead = await Lead.findByPk(leadId);
    expect(made.body.client).toMatchObject({
      role: 'client',
      name: 'Ольга Петрова',
      phone: '+79001112233',
      telegram_id: Number(lead!.telegram_id),
      telegram_linked: true,
    });
    expect(made.body.client).not.toHaveProperty('password_hash');
    expect(lead!.client_id).toBe(made.body.client.id);

    const again = await http().post(`/api/leads/${leadId}/make-client`).set(auth()).send({});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, client: { id: made.body.client.id } });
    expect(await User.count({ where: { org_id: org(), role: 'client' } })).toBe(1);

    await stack.personWrites(company.botToken, { id: Number(lead!.telegram_id), is_bot: false, first_name: 'Ольга' }, 'Когда начнёте?');
    const last = await ChatMessage.findOne({ where: { org_id: org(), direction: 'inbound' }, order: [['id', 'DESC']] });
    expect(last).toMatchObject({ content: 'Когда начнёте?', lead_id: leadId, user_id: made.body.client.id });
    expect(await Lead.count({ where: { org_id: org(), telegram_id: lead!.telegram_id } })).toBe(1);
    const thread = await http().get(`/api/chats/lead-${leadId}`).set(auth());
    expect(thread.body).toMatchObject({ user_id: made.body.client.id, person: { role: 'client' } });
  });

  it('refuses to make a client of a lead whose phone belongs to a worker', async () => {
    await http().post('/api/users').set(auth()).send({ name: 'Ivan Worker', role: 'worker', phone: '+79002223344' }).expect(201);
    const lead = await Lead.create({ org_id: org(), name: 'Phone clash', phone: '+7 900 222-33-44', position: 0, status: 'lost' } as never);
    const res = await http().post(`/api/leads/${lead.id}/make-client`).set(auth()).send({});
    expect(res.status).toBe(409);
    expect(res.body.fields).toHaveProperty('phone');
    const bad = await http().post(`/api/leads/${lead.id}/make-client`).set(auth()).send({ phone: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toHaveProperty('phone');
  });
});

describe('clients created by hand link themselves', () => {
  it('by sharing their own contact: a lead who wrote first keeps their conversation', async () => {
    const created = await http().post('/api/users').set(auth()).send({ name: 'Пётр Смирнов', role: 'client', phone: '+79005556677' });
    expect(created.status).toBe(201);
    const petr = stack.telegramUser({ first_name: 'Пётр' });
    await stack.personWrites(company.botToken, petr, 'Здравствуйте, это Пётр, по договору');
    const lead = await Lead.findOne({ where: { org_id: org(), telegram_id: petr.id } });
    expect(lead).not.toBeNull();
    await stack.deliver(company.botToken, stack.updates.contact(petr, '+7 900 555-66-77'));
    const client = await User.findByPk(created.body.id);
    expect(Number(client!.telegram_id)).toBe(petr.id);
    expect((await lead!.reload()).client_id).toBe(client!.id);
    expect(repliesTo(petr.id).some((t) => t.includes('Мой ремонт'))).toBe(true);
  });

  it('by a one-time invite link the manager copies', async () => {
    const created = await http().post('/api/users').set(auth()).send({ name: 'Mary Client', role: 'client', phone: '+447911123456' });
    const invite = await http().post(`/api/users/${created.body.id}/invite`).set(auth());
    expect(invite.status).toBe(201);
    expect(invite.body.url).toContain(`?start=${invite.body.token}`);
    const mary = stack.telegramUser({ first_name: 'Mary', language_code: 'en' });
    await stack.deliver(company.botToken, stack.updates.start(mary, invite.body.token));
    expect(Number((await User.findByPk(created.body.id))!.telegram_id)).toBe(mary.id);
    expect(repliesTo(mary.id).at(-1)).toMatch(/Hello, Mary Client/);
    expect(await Lead.count({ where: { org_id: org(), telegram_id: mary.id } })).toBe(0);
  });
});

describe('handoff that behaves', () => {
  it('a manager reply clears "needs manager" and assigns the unassigned lead; a typed phone lands on the lead', async () => {
    const m = await manager('Gleb');
    const person = stack.telegramUser({ first_name: 'Dmitry' });
    await stack.personWrites(company.botToken, person, 'Позовите менеджера, пожалуйста');
    const lead = await stack.waitFor(
      async () => {
        const found = await Lead.findOne({ where: { org_id: org(), telegram_id: person.id } });
        return found?.needs_manager ? found : null;
      },
      20_000,
      'the handoff',
    );
    expect(lead.manager_id).toBeNull();
    const reply = await http().post(`/api/chats/lead-${lead.id}/messages`).set(m.headers).send({ text: 'Добрый день, я Глеб' });
    expect(reply.status).toBe(201);
    await lead.reload();
    expect(lead).toMatchObject({ needs_manager: false, manager_id: m.id, ai_enabled: false });

    await stack.personWrites(company.botToken, person, 'Мой номер 8 (916) 777-88-99');
    expect((await lead.reload()).phone).toBe('+79167778899');
  }, 60_000);
});

describe('linked staff hear of their notifications in Telegram', () => {
  it('a reply Telegram refuses reaches the linked manager who wrote it, with a button to the conversation', async () => {
    const anna = (await User.findByPk(company.user.id))!;
    expect(anna.telegram_id).not.toBeNull();
    const annaChat = Number(anna.telegram_id);
    const person = stack.telegramUser({ first_name: 'Roman' });
    await stack.personWrites(company.botToken, person, 'Здравствуйте, сколько стоит ремонт ванной?');
    const lead = await stack.waitFor(() => Lead.findOne({ where: { org_id: org(), telegram_id: person.id } }), 20_000, 'the lead');
    fake().failChat(person.id, { kind: 'blocked' });
    const before = fake().sent(annaChat, company.botToken).length;

    const reply = await http().post(`/api/chats/lead-${lead.id}/messages`).set(auth()).send({ text: 'Добрый день!' });
    expect(reply.status).toBe(201);
    const alert = await stack.waitFor(
      async () =>
        fake()
          .sent(annaChat, company.botToken)
          .slice(before)
          .find((r) => /not delivered|не доставлено/.test(String(r.params.text))),
      20_000,
      'the failed-delivery alert in Telegram',
    );
    expect(String(alert.params.text)).toContain('Roman');
    const markup = typeof alert.params.reply_markup === 'string' ? JSON.parse(alert.params.reply_markup) : alert.params.reply_markup;
    expect(markup.inline_keyboard[0][0].url).toBe(`${PUBLIC_URL}/admin/#/chat?c=lead-${lead.id}`);
    // The alert itself is a message to staff: were it refused, nobody is alerted about the alert.
    expect(await ChatMessage.count({ where: { org_id: org(), user_id: anna.id, direction: 'outbound' } })).toBeGreaterThan(0);
  }, 60_000);
});

describe('a client decides a change request from Telegram', () => {
  it('the linked manager of the project gets the decision in Telegram with a link to the project', async () => {
    const anna = (await User.findByPk(company.user.id))!;
    const annaChat = Number(anna.telegram_id);
    const person = stack.telegramUser({ first_name: 'Inna' });
    await stack.personWrites(company.botToken, person, 'Добрый день, хочу ремонт кухни');
    const lead = await stack.waitFor(() => Lead.findOne({ where: { org_id: org(), telegram_id: person.id } }), 20_000, 'the lead');
    const made = await http().post(`/api/leads/${lead.id}/make-client`).set(auth()).send({});
    expect(made.status).toBe(201);
    const project = await http()
      .post('/api/projects')
      .set(auth())
      .send({ name: 'Кухня на Садовой', address: 'Садовая 3', client_id: made.body.client.id, manager_id: anna.id, budget_total: '500000' });
    expect(project.status).toBe(201);
    const change = await http().post('/api/change-requests').set(auth()).send({ project_id: project.body.id, title: 'Ещё одна розетка', amount: '3000' });
    expect(change.status).toBe(201);
    const before = fake().sent(annaChat, company.botToken).length;

    await stack.deliver(company.botToken, stack.updates.callback(person, `cr1:a:${change.body.id}`));
    // The link to the project rides on a button, or in the text where the bot's public address is a
    // localhost one (Telegram refuses such buttons), as for this bot process.
    const alert = await stack
      .waitFor(
        async () =>
          fake()
            .sent(annaChat, company.botToken)
            .slice(before)
            .find((r) => JSON.stringify([r.params.text, r.params.reply_markup ?? '']).includes(`/admin/#/projects/${project.body.id}/show`)),
        20_000,
        'the decision in Telegram',
      )
      .catch(async (error: Error) => {
        // What became of it, for the diagnosis: the request, Anna's notifications and her messages from the bot.
        const [request, notes, messages] = await Promise.all([
          http().get(`/api/change-requests/${change.body.id}`).set(auth()),
          Notification.findAll({ where: { org_id: org(), user_id: anna.id }, attributes: ['type', 'title', 'created_at'] }),
          ChatMessage.findAll({
            where: { org_id: org(), user_id: anna.id, direction: 'outbound' },
            attributes: ['status', 'error', 'content', 'created_at', 'sent_at'],
          }),
        ]);
        throw new Error(
          `${error.message}; request ${JSON.stringify(request.body)}; notifications ${JSON.stringify(notes)}; messages ${JSON.stringify(messages)}; ` +
            `sent to Anna ${JSON.stringify(
              fake()
                .sent(annaChat, company.botToken)
                .slice(before)
                .map((r) => r.params.text),
            )}`,
        );
      });
    expect(String(alert.params.text)).toMatch(/Inna.*Ещё одна розетка/);
    expect((await http().get(`/api/change-requests/${change.body.id}`).set(auth())).body).toMatchObject({ status: 'approved' });
  }, 60_000);
});

describe("phones in the firm's own country", () => {
  it('a Belarusian firm reads typed and shared phones as Belarusian in the profile, the bot and make-client', async () => {
    const by = await stack.company();
    const headers = bearer(by.token);
    expect((await http().put(`/api/organizations/${by.org.id}`).set(headers).send({ country: 'BY' })).status).toBe(200);

    const saved = await http().put('/api/profile').set(headers).send({ phone: '8 029 123-45-67' });
    expect(saved.body.phone).toBe('+375291234567');
    const owner = stack.telegramUser({ first_name: 'Alesia' });
    await stack.deliver(by.botToken, stack.updates.contact(owner, '8 029 123-45-67'));
    expect(Number((await User.findByPk(by.user.id))!.telegram_id)).toBe(owner.id);

    const person = stack.telegramUser({ first_name: 'Yanka' });
    await stack.personWrites(by.botToken, person, 'Добрый день, нужен ремонт кухни');
    await stack.personWrites(by.botToken, person, 'Мой номер 8 029 765-43-21');
    const lead = await stack.waitFor(
      async () => {
        const found = await Lead.findOne({ where: { org_id: by.org.id, telegram_id: person.id } });
        return found?.phone ? found : null;
      },
      20_000,
      'the typed phone',
    );
    expect(lead.phone).toBe('+375297654321');

    const made = await http().post(`/api/leads/${lead.id}/make-client`).set(headers).send({ phone: '8 029 765-43-21' });
    expect(made.status).toBeLessThan(300);
    expect((await User.findByPk(made.body.client.id))!.phone).toBe('+375297654321');
  }, 60_000);
});
