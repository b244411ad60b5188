import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Logger } from '../logger.js';
import { detectLanguage, type LeadFields } from './extract.js';
import { fallbackQualify, type QualifierInput, type QualifierResult } from './fallback-qualifier.js';
import { OUTPUT_SHAPE, parseModelOutput, toLeadFields } from './model-output.js';

export interface AiConfig {
  OPENROUTER_API_KEY?: string;
  OPENROUTER_BASE_URL: string;
  AI_MODEL: string;
  AI_TIMEOUT_MS: number;
  /** Retries of one request on 408/409/429/5xx and time-outs, with the client's exponential backoff. */
  AI_MAX_RETRIES?: number;
  /** Overall budget of one answer across calls and retries; past it the rules answer. Default 30 s. */
  AI_DEADLINE_MS?: number;
  PUBLIC_URL?: string;
}

export interface QualifyRequest extends QualifierInput {
  orgName: string;
  instructions?: string | null;
  /** Skip the model and answer with the rules (the daily cap is reached). */
  fallbackReason?: string;
}

interface AiUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: string;
}

export interface QualifyOutcome {
  engine: 'openrouter' | 'fallback';
  model: string | null;
  result: QualifierResult;
  usage: AiUsage;
  /** Why the model's answer was not used (API failure, malformed output twice); null on success. */
  error: string | null;
  /** What was asked and answered, for the audit trail in ai_runs (no keys). */
  request: Record<string, unknown>;
  response: Record<string, unknown> | null;
}

export interface AiService {
  readonly enabled: boolean;
  readonly model: string;
  qualify(request: QualifyRequest): Promise<QualifyOutcome>;
}

const MAX_HISTORY = 30;

function systemPrompt(request: QualifyRequest): string {
  const lines = [
    `You are the sales assistant of "${request.orgName}", a renovation company, chatting with a prospective client in Telegram.`,
    'Your goal is to learn what the company needs before a measurement visit: the type of work, the area in square metres,',
    'the number of rooms, the budget, the timing, whether it is a new build or a secondary-market flat, the address or district and a contact phone.',
    'Rules:',
    `- Reply in the client's language (the language of their last message; if unclear, ${request.language === 'en' ? 'English' : 'Russian'}).`,
    '- Ask one question at a time, briefly and politely. Do not repeat questions that were already answered.',
    '- Never invent prices, discounts, dates or promises. If asked about price, say a manager will prepare an estimate after the measurement.',
    '- If the client asks for a person, or is ready to order, set wants_human to true and say a manager will join shortly.',
    '- hotness.score is 0-100: how likely and how soon this client will order; give short reasons.',
    '- In "lead", give everything known so far from the whole conversation (null when unknown). Amounts are plain numbers (1500000, not "1.5 млн").',
    `- The company's default currency is ${request.currency}.`,
    `Already known about this lead: ${JSON.stringify(request.known)}`,
  ];
  if (request.instructions?.trim()) lines.push('Instructions from the company (services, prices, region, tone):', request.instructions.trim());
  lines.push('Answer with one JSON object only, exactly in this shape:', OUTPUT_SHAPE);
  return lines.join('\n');
}

function usageOf(completion: OpenAI.Chat.Completions.ChatCompletion | undefined): AiUsage {
  const usage = completion?.usage as (OpenAI.CompletionUsage & { cost?: number }) | undefined;
  const cost = typeof usage?.cost === 'number' && Number.isFinite(usage.cost) && usage.cost >= 0 ? usage.cost.toFixed(6) : '0.000000';
  return { prompt_tokens: usage?.prompt_tokens ?? 0, completion_tokens: usage?.completion_tokens ?? 0, cost_usd: cost };
}

function addUsage(a: AiUsage, b: AiUsage): AiUsage {
  // Costs are micro-dollar strings: add them as integers to stay exact.
  const micros = (s: string) => BigInt(s.replace('.', '').replace(/^0+(?=\d)/, ''));
  const total = micros(a.cost_usd) + micros(b.cost_usd);
  const cost = `${total / 1_000_000n}.${String(total % 1_000_000n).padStart(6, '0')}`;
  return { prompt_tokens: a.prompt_tokens + b.prompt_tokens, completion_tokens: a.completion_tokens + b.completion_tokens, cost_usd: cost };
}

const NO_USAGE: AiUsage = { prompt_tokens: 0, completion_tokens: 0, cost_usd: '0.000000' };

function describeError(error: unknown, elapsedMs: number, timeoutMs: number): string {
  // An abort from another realm (test VMs) reaches the client as a plain connection error: the clock tells.
  if (error instanceof OpenAI.APIConnectionTimeoutError || (error instanceof OpenAI.APIConnectionError && elapsedMs >= timeoutMs)) return 'model timed out';
  if (error instanceof OpenAI.APIError && error.status) return `model API error ${error.status}: ${error.message}`.slice(0, 500);
  if (error instanceof OpenAI.APIConnectionError) return `model unreachable: ${error.message}`.slice(0, 500);
  return `model call failed: ${(error as Error)?.message ?? String(error)}`.slice(0, 500);
}

export function createAiService(config: AiConfig, { logger, fetch }: { logger?: Logger; fetch?: typeof globalThis.fetch } = {}): AiService {
  const client = config.OPENROUTER_API_KEY
    ? new OpenAI({
        apiKey: config.OPENROUTER_API_KEY,
        baseURL: config.OPENROUTER_BASE_URL,
        timeout: config.AI_TIMEOUT_MS,
        maxRetries: config.AI_MAX_RETRIES ?? 2,
        defaultHeaders: { 'HTTP-Referer': config.PUBLIC_URL ?? 'http://localhost:3000', 'X-Title': 'Renovation CRM' },
        ...(fetch ? { fetch } : {}),
      })
    : null;
  const model = config.AI_MODEL;

  const fallback = (
    request: QualifyRequest,
    reason: string | null,
    usage = NO_USAGE,
    response: Record<string, unknown> | null = null,
    asked: Record<string, unknown> = {},
  ): QualifyOutcome => ({
    engine: 'fallback',
    model: null,
    result: fallbackQualify(request),
    usage,
    error: reason,
    request: { ...asked, fallback_reason: request.fallbackReason ?? (client ? reason : 'no_api_key') },
    response,
  });

  async function qualify(request: QualifyRequest): Promise<QualifyOutcome> {
    if (!client || request.fallbackReason) return fallback(request, null);
    const history = request.history.slice(-MAX_HISTORY).filter((m) => m.content.trim());
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: systemPrompt(request) },
      ...history.map((m): ChatCompletionMessageParam => ({ role: m.direction === 'inbound' ? 'user' : 'assistant', content: m.content })),
    ];
    const asked = { model, messages: messages.length, history: history.length };
    let usage = NO_USAGE;
    const answers: string[] = [];
    // One budget for the whole answer (both attempts and the client's retries): a hanging provider
    // costs the lead at most this long before the rules answer.
    const deadlineMs = config.AI_DEADLINE_MS ?? 30_000;
    const deadline = Date.now() + deadlineMs;
    const budget = AbortSignal.timeout(deadlineMs);
    for (let attempt = 0; attempt < 2; attempt++) {
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      const started = Date.now();
      try {
        completion = await client.chat.completions.create(
          {
            model,
            messages,
            temperature: 0.3,
            max_tokens: 800,
            response_format: { type: 'json_object' },
            // OpenRouter: include the cost of the call in `usage`.
            ...({ usage: { include: true } } as object),
          },
          { signal: budget, timeout: Math.max(1, Math.min(config.AI_TIMEOUT_MS, deadline - Date.now())) },
        );
      } catch (error) {
        const reason =
          budget.aborted || Date.now() >= deadline
            ? `model deadline of ${deadlineMs} ms exceeded`
            : describeError(error, Date.now() - started, config.AI_TIMEOUT_MS);
        logger?.warn({ reason, attempt }, 'ai: model call failed, answering with the rules');
        return fallback(request, reason, usage, answers.length ? { answers } : null, asked);
      }
      usage = addUsage(usage, usageOf(completion));
      const content = completion.choices[0]?.message?.content ?? '';
      answers.push(content);
      const parsed = parseModelOutput(content, request.country);
      if (parsed.ok) {
        const language = detectLanguage([...history].reverse().find((m) => m.direction === 'inbound')?.content ?? '') ?? request.language ?? 'ru';
        const lead: LeadFields = { ...request.known, ...toLeadFields(parsed.value.lead, request.currency) };
        return {
          engine: 'openrouter',
          model: completion.model || model,
          usage,
          error: null,
          request: { ...asked, attempts: attempt + 1 },
          response: { answers, output: parsed.value },
          result: { reply: parsed.value.reply, lead, hotness: parsed.value.hotness, wants_human: parsed.value.wants_human, language },
        };
      }
      logger?.warn({ attempt, error: parsed.error }, 'ai: malformed model output');
      messages.push(
        { role: 'assistant', content: content || '(empty)' },
        { role: 'user', content: `Your previous answer was not valid (${parsed.error}). Answer again with only the JSON object in the required shape.` },
      );
      if (attempt === 1) return fallback(request, `malformed model output: ${parsed.error}`.slice(0, 500), usage, { answers }, asked);
    }
    return fallback(request, 'unreachable', usage, null, asked);
  }

  return { enabled: !!client, model, qualify };
}
