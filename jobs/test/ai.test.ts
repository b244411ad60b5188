import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { AiRun, ChatMessage, Lead, Notification, Organization, QueryTypes, User, type Sequelize } from '@crm/database';
import { connectTestDatabase } from '@crm/testing/database';
import {
  createAiService,
  createLead,
  handBackToAi,
  openJobQueue,
  onLeadInboundMessage,
  pauseAiOnManagerReply,
  PHRASES,
  QUESTIONS,
  runAiTurn,
  type AiTurnDeps,
  type CrmEvent,
  type JobQueue,
} from '@crm/core';
import { startFakeOpenAi, type FakeOpenAi } from '@crm/testing/fake-openai';

let sequelize: Sequelize;
let fake: FakeOpenAi;
let jobs: { queue: JobQueue; close(): Promise<void> };
let events: CrmEvent[];
let seq = 0;

const answer = (over: Record<string, unknown> = {}, lead: Record<string, unknown> = {}) => ({
  reply: 'Отлично! Когда вы хотели бы начать?',
  lead: {
    work_type: 'bathroom',
    area_m2: 6.5,
    rooms: null,
    budget: { amount: 450000, currency: 'RUB' },
    timing: null,
    property_type: 'secondary',
    address: 'Марьино',
    phone: null,
    ...lead,
  },
  hotness: { score: 40, reasons: ['scope and budget known'] },
  wants_human: false,
  ...over,
});

function deps(options: { key?: boolean; timeoutMs?: number } = {}): AiTurnDeps {
  const ai = createAiService({
    OPENROUTER_API_KEY: options.key === false ? undefined : 'test-key',
    OPENROUTER_BASE_URL: fake.baseUrl,
    AI_MODEL: 'anthropic/claude-3.5-sonnet',
    AI_TIMEOUT_MS: options.timeoutMs ?? 2000,
    AI_MAX_RETRIES: 1,
    PUBLIC_URL: 'https://crm.test',
  });
  return {
    sequelize,
    queue: jobs.queue,
    ai,
    publish: async (event) => {
      events.push(event);
    },
  };
}

async function fixture(orgValues: Partial<Organization['_creationAttributes']> = {}, { withManager = true } = {}) {
  seq += 1;
  const org = await Organization.create({ name: `Ремонт ${seq}`, ...orgValues });
  const admin = await User.create({ org_id: org.id, role: 'admin', name: 'Admin', email: `admin-ai-${process.pid}-${seq}@test.ru` });
  const manager = await User.create({
    org_id: org.id,
    role: 'manager',
    name: 'Ivan',
    email: `mgr-ai-${process.pid}-${seq}@test.ru`,
    telegram_id: 5_000_000 + seq,
  });
  const chat = 8_000_000 + (process.pid % 1000) * 1000 + seq;
  const lead = await createLead(sequelize, {
    org_id: org.id,
    telegram_id: chat,
    chat_id: chat,
    name: 'Анна',
    source: 'telegram',
    manager_id: withManager ? manager.id : null,
  });
  return { org, admin, manager, lead };
}

const inbound = (lead: Lead, content: string) =>
  ChatMessage.create({ org_id: lead.org_id, lead_id: lead.id, direction: 'inbound', content, chat_id: lead.chat_id, status: 'received' });
const outboundOf = (lead: Lead) => ChatMessage.findAll({ where: { org_id: lead.org_id, lead_id: lead.id, direction: 'outbound' }, order: [['id', 'ASC']] });
const runsOf = (lead: Lead) => AiRun.findAll({ where: { org_id: lead.org_id, lead_id: lead.id }, order: [['id', 'ASC']] });

beforeAll(async () => {
  sequelize = await connectTestDatabase();
  fake = await startFakeOpenAi();
  jobs = await openJobQueue({ url: process.env.CRM_TEST_DATABASE_URL!, poolMax: 2 });
});
afterAll(async () => {
  await jobs.close();
  await fake.close();
  await sequelize.close();
});
beforeEach(() => {
  fake.reset();
  fake.setDefault({ status: 500 });
  events = [];
});

describe('ai.qualify turn', () => {
  it('sends the history, model and JSON format; a good answer updates the lead, queues the reply and records usage', async () => {
    const { lead } = await fixture({ ai_instructions: 'Работаем по Москве, от 30 м² до 200 м².' });
    await inbound(lead, 'Здравствуйте, нужен ремонт ванной');
    await ChatMessage.create({
      org_id: lead.org_id,
      lead_id: lead.id,
      direction: 'outbound',
      content: QUESTIONS.ru.area_m2,
      chat_id: lead.chat_id,
      status: 'sent',
    });
    await inbound(lead, '6,5 метров, вторичка в Марьино, бюджет 450 тысяч');
    fake.script({ json: answer(), usage: { prompt_tokens: 900, completion_tokens: 120, cost: 0.0045 } });

    const result = await runAiTurn(deps(), { lead_id: lead.id });

    expect(result).toMatchObject({ status: 'answered', engine: 'openrouter', handoff: null, qualified: false });
    const body = fake.requests[0].body;
    expect(body.model).toBe('anthropic/claude-3.5-sonnet');
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.messages[0].content).toContain('Работаем по Москве');
    expect(body.messages.slice(1).map((m: { role: string; content: string }) => [m.role, m.content])).toEqual([
      ['user', 'Здравствуйте, нужен ремонт ванной'],
      ['assistant', QUESTIONS.ru.area_m2],
      ['user', '6,5 метров, вторичка в Марьино, бюджет 450 тысяч'],
    ]);
    await lead.reload();
    expect(lead).toMatchObject({
      work_type: 'bathroom',
      area_m2: '6.50',
      budget_amount: '450000.00',
      budget_currency: 'RUB',
      property_type: 'secondary',
      address: 'Марьино',
      hotness: 40,
      hotness_reasons: ['scope and budget known'],
      ai_tokens: 1020,
      ai_cost_usd: '0.004500',
      status: 'new',
      ai_paused_reason: null,
    });
    expect(lead.ai_summary).toContain('ремонт санузла, 6.5 м²');
    const replies = await outboundOf(lead);
    expect(replies.at(-1)).toMatchObject({ content: 'Отлично! Когда вы хотели бы начать?', status: 'queued', chat_id: lead.chat_id });
    const [run] = await runsOf(lead);
    expect(run).toMatchObject({
      engine: 'openrouter',
      model: 'anthropic/claude-3.5-sonnet',
      prompt_tokens: 900,
      completion_tokens: 120,
      cost_usd: '0.004500',
      error: null,
    });
    const [{ n }] = await sequelize.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM agenda_jobs WHERE name = 'telegram.send' AND (data->>'message_id')::bigint = :id",
      { replacements: { id: replies.at(-1)!.id }, type: QueryTypes.SELECT },
    );
    expect(n).toBe(1);
    expect(events.map((e) => e.type)).toContain('lead.updated');

    // The same turn again answers nothing: the last message is ours.
    expect(await runAiTurn(deps(), { lead_id: lead.id })).toEqual({ status: 'skipped', reason: 'nothing new to answer' });
    expect(fake.requests).toHaveLength(1);
  });

  it('moves the lead to qualified once work type, area, budget or timing and a phone are known', async () => {
    const { lead } = await fixture();
    await inbound(lead, 'Санузел 6,5 м2, бюджет 450к, телефон +7 916 555-44-33');
    fake.script({ json: answer({ hotness: { score: 55, reasons: ['ready'] } }, { phone: '+7 916 555-44-33' }) });
    const result = await runAiTurn(deps(), { lead_id: lead.id });
    expect(result).toMatchObject({ status: 'answered', qualified: true, handoff: null });
    await lead.reload();
    expect(lead).toMatchObject({ status: 'qualified', phone: '+79165554433' });
  });

  it('asks again after malformed JSON, then falls back to the rules and says why', async () => {
    const { lead } = await fixture();
    await inbound(lead, 'Нужен ремонт кухни 12 кв.м');
    fake.script(
      { content: '{"reply": "Здравствуйте", "lead": ' },
      { json: { reply: 'ok', lead: { area_m2: 'много' }, hotness: { score: 10, reasons: [] }, wants_human: false } },
    );

    const result = await runAiTurn(deps(), { lead_id: lead.id });

    expect(result).toMatchObject({ status: 'answered', engine: 'fallback' });
    expect(fake.requests).toHaveLength(2);
    const [run] = await runsOf(lead);
    expect(run.engine).toBe('fallback');
    expect(run.error).toMatch(/^malformed model output/);
    await lead.reload();
    expect(lead.ai_paused_reason).toMatch(/^AI fallback: malformed model output/);
    expect(lead).toMatchObject({ work_type: 'kitchen', area_m2: '12.00', ai_enabled: true });
    expect((await outboundOf(lead)).at(-1)!.content).toBe(`${PHRASES.ru.hello} ${QUESTIONS.ru.budget}`);
  });

  it('answers with the rules when the model times out, and retries a 429', async () => {
    const slow = await fixture();
    await inbound(slow.lead, 'Hi, I need a kitchen renovation');
    fake.script({ json: answer(), delayMs: 1500 }, { json: answer(), delayMs: 1500 });
    const timedOut = await runAiTurn(deps({ timeoutMs: 300 }), { lead_id: slow.lead.id });
    expect(timedOut).toMatchObject({ status: 'answered', engine: 'fallback' });
    expect((await runsOf(slow.lead))[0].error).toBe('model timed out');
    expect((await outboundOf(slow.lead)).at(-1)!.content).toBe(`${PHRASES.en.hello} ${QUESTIONS.en.area_m2}`);

    fake.reset();
    const limited = await fixture();
    await inbound(limited.lead, 'Ремонт санузла');
    fake.script({ status: 429, retryAfterMs: 30 }, { json: answer() });
    const retried = await runAiTurn(deps(), { lead_id: limited.lead.id });
    expect(retried).toMatchObject({ status: 'answered', engine: 'openrouter' });
    expect(fake.requests).toHaveLength(2);
  });

  it('hands a lead who asks for a person to the manager and stops answering', async () => {
    const { lead, manager } = await fixture();
    await inbound(lead, 'Позовите менеджера, хочу поговорить с человеком');
    fake.script({ json: answer({ reply: 'Конечно, передаю менеджеру.', wants_human: true, hotness: { score: 50, reasons: ['asked for a person'] } }) });

    const result = await runAiTurn(deps(), { lead_id: lead.id });

    expect(result).toMatchObject({ status: 'answered', handoff: 'клиент просит связаться с менеджером' });
    await lead.reload();
    expect(lead).toMatchObject({ ai_enabled: false, needs_manager: true, ai_paused_reason: 'клиент просит связаться с менеджером' });
    const notes = await Notification.findAll({ where: { org_id: lead.org_id } });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ user_id: manager.id, type: 'lead.handoff', title: 'Горячий лид: Анна' });
    expect(notes[0].payload).toMatchObject({ lead_id: lead.id });
    expect(events).toContainEqual({ org_id: lead.org_id, type: 'notification.created', data: { id: notes[0].id, lead_id: lead.id, user_id: manager.id } });
    const alert = await ChatMessage.findOne({ where: { org_id: lead.org_id, user_id: manager.id, direction: 'outbound' } });
    expect(alert).toMatchObject({ chat_id: manager.telegram_id, status: 'queued' });
    expect(alert!.content).toContain('Горячий лид: Анна');
    expect((await outboundOf(lead)).at(-1)!.content).toBe('Конечно, передаю менеджеру.');

    // Further messages get no AI turn.
    await inbound(lead, 'Алло?');
    expect(await onLeadInboundMessage({ queue: jobs.queue }, lead, { id: lead.org_id, ai_enabled: true })).toBe(false);
    expect(await runAiTurn(deps(), { lead_id: lead.id })).toEqual({ status: 'skipped', reason: 'AI is paused for the lead' });
    expect(fake.requests).toHaveLength(1);
  });

  it('hands over with the rules when the budget reaches the threshold, alerting every staff member without a manager', async () => {
    const { lead, admin, manager } = await fixture({ hot_budget_threshold: '3000000.00' }, { withManager: false });
    await inbound(lead, 'Капитальный ремонт трешки 95 м2, бюджет 3 млн');
    const result = await runAiTurn(deps({ key: false }), { lead_id: lead.id });
    expect(result).toMatchObject({ status: 'answered', engine: 'fallback', handoff: 'бюджет выше порога организации' });
    const notes = await Notification.findAll({ where: { org_id: lead.org_id }, order: [['user_id', 'ASC']] });
    expect(notes.map((n) => n.user_id)).toEqual([admin.id, manager.id].sort((a, b) => a - b));
    expect(fake.requests).toHaveLength(0);
    const [run] = await runsOf(lead);
    expect(run).toMatchObject({ engine: 'fallback', error: null, request: { fallback_reason: 'no_api_key' } });
    expect((await outboundOf(lead)).at(-1)!.content).toBe(PHRASES.ru.handoff);
  });

  it('a manager reply pauses the AI for the lead', async () => {
    const { lead } = await fixture();
    await inbound(lead, 'Сколько стоит ремонт?');
    expect(await pauseAiOnManagerReply(lead)).toBe(true);
    expect(await pauseAiOnManagerReply(lead)).toBe(false);
    await lead.reload();
    expect(lead).toMatchObject({ ai_enabled: false, ai_paused_reason: 'manager_replied' });
    expect(await runAiTurn(deps(), { lead_id: lead.id })).toEqual({ status: 'skipped', reason: 'AI is paused for the lead' });
    expect(await onLeadInboundMessage({ queue: jobs.queue }, lead, { id: lead.org_id, ai_enabled: true })).toBe(false);
    expect(fake.requests).toHaveLength(0);

    // Handed back: the AI answers the waiting message.
    await handBackToAi(lead);
    expect(lead).toMatchObject({ ai_enabled: true, needs_manager: false, ai_paused_reason: null });
    fake.script({ json: answer({ reply: 'Стоимость рассчитает менеджер после замера. Какая площадь?' }) });
    expect(await runAiTurn(deps(), { lead_id: lead.id })).toMatchObject({ status: 'answered', engine: 'openrouter' });
  });

  it("switches to the rules once today's spend reaches the daily cap, in the organization's timezone", async () => {
    const capped = await fixture({ ai_daily_cap_usd: '0.0100', timezone: 'Asia/Vladivostok' });
    await AiRun.create({ org_id: capped.org.id, lead_id: capped.lead.id, engine: 'openrouter', cost_usd: '0.010000' });
    await inbound(capped.lead, 'Ремонт квартиры 40 м2');
    expect(await runAiTurn(deps(), { lead_id: capped.lead.id })).toMatchObject({ engine: 'fallback' });
    expect(fake.requests).toHaveLength(0);
    expect((await runsOf(capped.lead)).at(-1)!.request).toEqual({ fallback_reason: 'daily_cap_reached' });

    // Spend from an earlier local day does not count.
    const fresh = await fixture({ ai_daily_cap_usd: '0.0100' });
    await AiRun.create({
      org_id: fresh.org.id,
      lead_id: fresh.lead.id,
      engine: 'openrouter',
      cost_usd: '5.000000',
      created_at: new Date(Date.now() - 36 * 3600_000),
    });
    await inbound(fresh.lead, 'Ремонт квартиры 40 м2');
    fake.script({ json: answer() });
    expect(await runAiTurn(deps(), { lead_id: fresh.lead.id })).toMatchObject({ engine: 'openrouter' });
  });

  it('a burst of inbound messages requests one turn; the organization switch turns the AI off', async () => {
    const { lead, org } = await fixture();
    for (const text of ['Здравствуйте', 'Нужен ремонт', 'Квартира 50 м2']) {
      await inbound(lead, text);
      expect(await onLeadInboundMessage({ queue: jobs.queue, debounceMs: 60_000 }, lead, org)).toBe(true);
    }
    const rows = await sequelize.query<{ next_run_at: Date }>(
      "SELECT next_run_at FROM agenda_jobs WHERE name = 'ai.qualify' AND (data->>'lead_id')::int = :id",
      { replacements: { id: lead.id }, type: QueryTypes.SELECT },
    );
    expect(rows).toHaveLength(1);
    expect(new Date(rows[0].next_run_at).getTime()).toBeGreaterThan(Date.now() + 50_000);
    await org.update({ ai_enabled: false });
    expect(await onLeadInboundMessage({ queue: jobs.queue }, lead, org)).toBe(false);
    expect(await runAiTurn(deps(), { lead_id: lead.id })).toEqual({ status: 'skipped', reason: 'AI is off for the organization' });
  });
});
