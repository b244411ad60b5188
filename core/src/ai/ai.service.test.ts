import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { createAiService, type QualifyRequest } from './ai.service.js';
import { QUESTIONS } from './fallback-qualifier.js';
import { parseModelOutput } from './model-output.js';
import { startFakeOpenAi, type FakeOpenAi } from '@crm/testing/fake-openai';

const goodAnswer = {
  reply: 'Понял, санузел 6 м². На какой бюджет вы ориентируетесь?',
  lead: { work_type: 'bathroom', area_m2: 6, rooms: null, budget: null, timing: null, property_type: 'new_build', address: null, phone: '8 900 123-45-67' },
  hotness: { score: 35, reasons: ['known scope'] },
  wants_human: false,
};

const request = (over: Partial<QualifyRequest> = {}): QualifyRequest => ({
  orgName: 'Ремонт Плюс',
  instructions: 'Работаем только в Москве. Тон дружелюбный.',
  currency: 'RUB',
  language: 'ru',
  known: {},
  history: [
    { direction: 'inbound', content: 'Здравствуйте, нужен ремонт санузла' },
    { direction: 'outbound', content: QUESTIONS.ru.area_m2 },
    { direction: 'inbound', content: '6 метров, новостройка' },
  ],
  ...over,
});

describe('AI service against an OpenAI-compatible server', () => {
  let fake: FakeOpenAi;
  const service = (over: Record<string, unknown> = {}) =>
    createAiService({
      OPENROUTER_API_KEY: 'test-key',
      OPENROUTER_BASE_URL: fake.baseUrl,
      AI_MODEL: 'anthropic/claude-3.5-sonnet',
      AI_TIMEOUT_MS: 2000,
      AI_MAX_RETRIES: 2,
      PUBLIC_URL: 'https://crm.example.com',
      ...over,
    });

  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('sends the history, the model, JSON format and attribution headers, and reads a good answer with usage', async () => {
    fake.script({ json: goodAnswer, usage: { prompt_tokens: 420, completion_tokens: 80, cost: 0.00246 } });
    const outcome = await service().qualify(request());
    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent.path).toBe('/api/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer test-key');
    expect(sent.headers['http-referer']).toBe('https://crm.example.com');
    expect(sent.headers['x-title']).toBe('Renovation CRM');
    expect(sent.body.model).toBe('anthropic/claude-3.5-sonnet');
    expect(sent.body.response_format).toEqual({ type: 'json_object' });
    expect(sent.body.messages[0].role).toBe('system');
    expect(sent.body.messages[0].content).toContain('Работаем только в Москве');
    expect(sent.body.messages[0].content).toContain('one question at a time');
    expect(sent.body.messages.slice(1)).toEqual([
      { role: 'user', content: 'Здравствуйте, нужен ремонт санузла' },
      { role: 'assistant', content: QUESTIONS.ru.area_m2 },
      { role: 'user', content: '6 метров, новостройка' },
    ]);
    expect(outcome.engine).toBe('openrouter');
    expect(outcome.error).toBeNull();
    expect(outcome.result.reply).toBe(goodAnswer.reply);
    expect(outcome.result.lead).toEqual({ work_type: 'bathroom', area_m2: '6', property_type: 'new_build', phone: '+79001234567' });
    expect(outcome.usage).toEqual({ prompt_tokens: 420, completion_tokens: 80, cost_usd: '0.002460' });
  });

  it('asks again after malformed JSON and uses the repaired answer', async () => {
    fake.script(
      { content: 'Sure! {"reply": "oops"', usage: { prompt_tokens: 100, completion_tokens: 5, cost: 0.001 } },
      { json: goodAnswer, usage: { prompt_tokens: 130, completion_tokens: 60, cost: 0.002 } },
    );
    const outcome = await service().qualify(request());
    expect(fake.requests).toHaveLength(2);
    const retry = fake.requests[1].body.messages;
    expect(retry.at(-2)).toEqual({ role: 'assistant', content: 'Sure! {"reply": "oops"' });
    expect(retry.at(-1).content).toContain('not valid');
    expect(outcome.engine).toBe('openrouter');
    expect(outcome.usage).toEqual({ prompt_tokens: 230, completion_tokens: 65, cost_usd: '0.003000' });
  });

  it('falls back to the rules when the answer is malformed twice (valid JSON, wrong shape counts too)', async () => {
    fake.script({ content: 'not json at all' }, { json: { ...goodAnswer, hotness: { score: 'very', reasons: [] } } });
    const outcome = await service().qualify(request());
    expect(fake.requests).toHaveLength(2);
    expect(outcome.engine).toBe('fallback');
    expect(outcome.error).toMatch(/^malformed model output: .*hotness\.score/);
    expect(outcome.result.reply).toContain(QUESTIONS.ru.budget);
    expect(outcome.result.lead).toEqual({ work_type: 'bathroom', area_m2: '6', property_type: 'new_build' });
  });

  it('retries a 429 with backoff and then succeeds', async () => {
    fake.script({ status: 429, retryAfterMs: 50 }, { status: 503, retryAfterMs: 20 }, { json: goodAnswer });
    const outcome = await service().qualify(request());
    expect(fake.requests).toHaveLength(3);
    expect(outcome.engine).toBe('openrouter');
  });

  it('gives up on repeated 429 and answers with the rules, saying why', async () => {
    fake.setDefault({ status: 429, retryAfterMs: 10 });
    const outcome = await service({ AI_MAX_RETRIES: 1 }).qualify(request());
    fake.setDefault({ status: 500 });
    expect(fake.requests).toHaveLength(2);
    expect(outcome.engine).toBe('fallback');
    expect(outcome.error).toMatch(/^model API error 429/);
    expect(outcome.result.reply).toContain(QUESTIONS.ru.budget);
  });

  it('times out a slow model and answers with the rules', async () => {
    fake.script({ json: goodAnswer, delayMs: 1500 });
    const started = Date.now();
    const outcome = await service({ AI_TIMEOUT_MS: 200, AI_MAX_RETRIES: 0 }).qualify(request());
    expect(Date.now() - started).toBeLessThan(1200);
    expect(outcome.engine).toBe('fallback');
    expect(outcome.error).toBe('model timed out');
  });

  it('answers with the rules once the overall deadline passes, however many retries were left', async () => {
    // A hanging provider: every call would take 10 s; each time-out is retried by the client.
    fake.script(...Array.from({ length: 8 }, () => ({ json: goodAnswer, delayMs: 10_000 })));
    const started = Date.now();
    const outcome = await service({ AI_TIMEOUT_MS: 1_000, AI_MAX_RETRIES: 5, AI_DEADLINE_MS: 1_500 }).qualify(request());
    const tookMs = Date.now() - started;
    expect(tookMs).toBeGreaterThanOrEqual(1_400);
    expect(tookMs).toBeLessThan(2_500);
    expect(outcome.engine).toBe('fallback');
    expect(outcome.error).toBe('model deadline of 1500 ms exceeded');
    expect(outcome.result.reply).toContain(QUESTIONS.ru.budget);
    expect(fake.requests.length).toBeGreaterThanOrEqual(1);
    expect(fake.requests.length).toBeLessThanOrEqual(2);
  });

  it('never calls the model without a key or when told to fall back', async () => {
    const noKey = createAiService({ OPENROUTER_BASE_URL: fake.baseUrl, AI_MODEL: 'm', AI_TIMEOUT_MS: 1000 });
    expect(noKey.enabled).toBe(false);
    const outcome = await noKey.qualify(request());
    expect(outcome.engine).toBe('fallback');
    expect(outcome.request).toEqual({ fallback_reason: 'no_api_key' });
    const capped = await service().qualify(request({ fallbackReason: 'daily_cap_reached' }));
    expect(capped.engine).toBe('fallback');
    expect(capped.request).toEqual({ fallback_reason: 'daily_cap_reached' });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('model output validation', () => {
  const parse = (patch: Record<string, unknown>, lead: Record<string, unknown> = {}) =>
    parseModelOutput(JSON.stringify({ ...goodAnswer, ...patch, lead: { ...goodAnswer.lead, ...lead } }));

  it('normalises amounts, areas and phones exactly', () => {
    const result = parse({}, { budget: { amount: '1 500 000', currency: 'rub' }, area_m2: '45,5' });
    expect(result).toMatchObject({ ok: true, value: { lead: { budget: { amount: '1500000.00', currency: 'RUB' }, area_m2: '45.5', phone: '+79001234567' } } });
    expect(parseModelOutput('```json\n' + JSON.stringify(goodAnswer) + '\n```').ok).toBe(true);
  });

  it('refuses values that cannot be stored as they are', () => {
    expect(parse({}, { budget: { amount: 1e20, currency: 'RUB' } })).toMatchObject({ ok: false, error: expect.stringContaining('lead.budget.amount') });
    expect(parse({}, { work_type: 'roof' })).toMatchObject({ ok: false, error: expect.stringContaining('lead.work_type') });
    expect(parse({}, { phone: 'позвоните вечером' })).toMatchObject({ ok: false, error: expect.stringContaining('lead.phone') });
    expect(parse({ reply: '' })).toMatchObject({ ok: false, error: expect.stringContaining('reply') });
    expect(parse({ wants_human: 'yes' })).toMatchObject({ ok: false });
    expect(parseModelOutput('')).toEqual({ ok: false, error: 'empty answer' });
  });
});
