import { Bot, NetworkError, ParseError, TelegramApiError, TimeoutError, type Api } from 'node-telegram-bot-api';

import { apiRootFor } from './sandbox.js';

// Uploads are built by callers (delivery) with the same class the client sends.
export { InputFile } from 'node-telegram-bot-api';

/**
 * How a Bot API call ended, in the terms delivery decides on:
 * - `retry_after`: 429, wait `retry_after_sec` and send again (not a failure);
 * - `blocked`: 403, the person blocked the bot or left the chat: stop sending to them;
 * - `transient`: 5xx, network or timeout: retry with backoff;
 * - `permanent`: any other refusal (400 bad request, 401 bad token…): retrying cannot help.
 */
type TelegramFailure =
  | { ok: false; kind: 'retry_after'; retry_after_sec: number; description: string }
  | { ok: false; kind: 'blocked'; description: string }
  | { ok: false; kind: 'transient'; description: string }
  | { ok: false; kind: 'permanent'; description: string; error_code?: number };

export type TelegramResult<T> = { ok: true; result: T } | TelegramFailure;

function classifyTelegramError(error: unknown): TelegramFailure {
  if (error instanceof TelegramApiError) {
    const description = `${error.errorCode}: ${error.description}`;
    if (error.errorCode === 429) {
      return { ok: false, kind: 'retry_after', retry_after_sec: Math.max(1, error.retryAfter ?? 1), description };
    }
    if (error.errorCode === 403) return { ok: false, kind: 'blocked', description };
    if (error.errorCode >= 500) return { ok: false, kind: 'transient', description };
    return { ok: false, kind: 'permanent', description, error_code: error.errorCode };
  }
  if (error instanceof NetworkError || error instanceof TimeoutError || error instanceof ParseError) {
    return { ok: false, kind: 'transient', description: error.message };
  }
  throw error;
}

export interface TelegramClientOptions {
  /** Bot API origin; tests and self-hosted Bot API servers stand in here. */
  apiRoot?: string;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** The built-in sandbox: sandbox tokens are sent here instead of `apiRoot` (see telegram/sandbox.ts). */
  sandboxUrl?: string | undefined;
}

type Params<M extends keyof Api> = Api[M] extends (params: infer P, ...rest: never[]) => unknown ? P : never;
type Result<M extends keyof Api> = Api[M] extends (...args: never[]) => Promise<infer R> ? R : never;

/**
 * A thin client over node-telegram-bot-api that never throws for Telegram's answers: every call
 * returns a `TelegramResult`. The library's own retries are switched off so that waiting and
 * retrying stay with the delivery job (which persists them and respects the rate limits).
 */
export class TelegramClient {
  readonly api: Api;
  private readonly apiRoot: string;

  constructor(
    private readonly token: string,
    { apiRoot = 'https://api.telegram.org', timeoutMs = 30_000, sandboxUrl }: TelegramClientOptions = {},
  ) {
    // A sandbox token with no sandbox running goes to Telegram, which refuses it like any unknown token.
    this.apiRoot = (apiRootFor(token, { apiRoot, sandboxUrl }) ?? apiRoot).replace(/\/+$/, '');
    this.api = new Bot(token, { apiRoot: this.apiRoot, timeoutMs, maxRetries: 0 }).api;
  }

  /** The numeric bot id: the part of the token before ':'. */
  get botId(): string {
    return this.token.split(':')[0] ?? '';
  }

  async call<M extends keyof Api>(method: M, params: Params<M>): Promise<TelegramResult<Result<M>>> {
    try {
      const fn = this.api[method] as unknown as (p: Params<M>) => Promise<Result<M>>;
      return { ok: true, result: await fn.call(this.api, params) };
    } catch (error) {
      return classifyTelegramError(error);
    }
  }

  sendMessage = (params: Params<'sendMessage'>) => this.call('sendMessage', params);
  sendPhoto = (params: Params<'sendPhoto'>) => this.call('sendPhoto', params);
  sendDocument = (params: Params<'sendDocument'>) => this.call('sendDocument', params);
  sendMediaGroup = (params: Params<'sendMediaGroup'>) => this.call('sendMediaGroup', params);
  getFile = (params: Params<'getFile'>) => this.call('getFile', params);

  /** Downloads a file by the `file_path` getFile returned (the Bot API has no download method). */
  async downloadFile(filePath: string, timeoutMs = 60_000): Promise<TelegramResult<Buffer>> {
    const url = `${this.apiRoot}/file/bot${this.token}/${filePath.split('/').map(encodeURIComponent).join('/')}`;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) {
        const description = `${response.status}: file download failed`;
        if (response.status >= 500 || response.status === 429) return { ok: false, kind: 'transient', description };
        return { ok: false, kind: 'permanent', description, error_code: response.status };
      }
      return { ok: true, result: Buffer.from(await response.arrayBuffer()) };
    } catch (error) {
      return { ok: false, kind: 'transient', description: `file download failed: ${(error as Error).name}` };
    }
  }
}

/** One client per bot token, reused across jobs (the library keeps HTTP connections alive). */
export class TelegramClients {
  private readonly clients = new Map<string, TelegramClient>();
  constructor(private readonly options: TelegramClientOptions = {}) {}

  for(token: string): TelegramClient {
    let client = this.clients.get(token);
    if (!client) {
      if (this.clients.size > 1000) this.clients.clear();
      client = new TelegramClient(token, this.options);
      this.clients.set(token, client);
    }
    return client;
  }
}
