import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerFault, fail, ok, parseBody, type Fault, type UploadedPart } from './fake-telegram-wire.js';
import { deliverUpdate, FakeBotState, type DeliveryResult, type RegisteredFile } from './fake-telegram-bot.js';
import type { SandboxStore } from './sandbox-store.js';

export type { Fault, RegisteredFile };
export { FakeBotState, deliverUpdate, type DeliveryResult };

/** One Bot API call as the fake received it. */
export interface RecordedRequest {
  token: string;
  bot_id: number;
  method: string;
  params: Record<string, unknown>;
  files: UploadedPart[];
  content_type: string;
  at: number;
  /** The HTTP status the fake answered. */
  status: number;
  /** The Host the client addressed (two clients given different names for the fake tell apart by it). */
  host: string;
}

export interface FaultRule {
  fault: Fault;
  /** How many matching calls still get the fault; Infinity until cleared. */
  remaining: number;
  method?: string;
  chat_id?: number | string;
  token?: string;
}

export interface RateLimitRule {
  /** Messages per second per bot (Telegram: about 30). */
  global: number;
  /** Messages per second per chat (Telegram: about 1); optional. */
  perChat?: number;
  /** Window for perChat (ms); Telegram tolerates short bursts, so a longer window is closer to reality. */
  perChatWindowMs?: number;
}

export interface StartOptions {
  rateLimit?: RateLimitRule;
  /** Upper bound for getUpdates long-poll waits, so tests never hang on the server side. */
  maxPollMs?: number;
  /** Listen here instead of an ephemeral port on 127.0.0.1. */
  port?: number;
  host?: string;
  /** First message and update id of every bot (1000 by default). */
  idBase?: number;
  /** Keep every call in `requests` (tests read them); a long-running sandbox turns this off. */
  record?: boolean;
  /** Keeps chats and files on disk, so they outlive a restart (the long-running sandbox). */
  store?: SandboxStore;
  /**
   * Only tokens named through `bot(token)` are bots; any other answers 401. Test files share one
   * database, so a bot process under test would otherwise run (and take the journaled updates of)
   * every other file's bots too.
   */
  knownTokensOnly?: boolean;
}

const TOKEN_RE = /^(\d+):([\w-]{5,})$/;
const SENDING = /^(send(?!ChatAction)\w+|copyMessage|forwardMessage)$/;

/**
 * A fake Telegram Bot API server for tests, benchmarks and local demos. It speaks the wire format
 * node-telegram-bot-api sends (urlencoded with JSON-string fields, or multipart with file parts),
 * answers `{ ok, result }`, records every call and can be told to fail like the real one.
 * Any well-formed token `<digits>:<secret>` is a bot unless revoked.
 */
export class FakeTelegram {
  readonly requests: RecordedRequest[] = [];
  private readonly bots = new Map<string, FakeBotState>();
  private readonly revoked = new Set<string>();
  private knownTokensOnly = false;
  private faults: FaultRule[] = [];
  private rateLimit: RateLimitRule | undefined;
  private sentTimes = new Map<string, number[]>();
  /** How many calls were answered 429 because the rate limit was exceeded. */
  rateLimitedCount = 0;
  private readonly files = new Map<string, RegisteredFile>();
  private fileSeq = 0;

  private fallback: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  private recording = true;
  private store: SandboxStore | undefined;

  private constructor(
    private readonly server: Server,
    readonly apiRoot: string,
    readonly maxPollMs: number,
    readonly idBase: number,
  ) {}

  static async start(options: StartOptions = {}): Promise<FakeTelegram> {
    const server = createServer();
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, resolve);
    });
    const { port } = server.address() as AddressInfo;
    const fake = new FakeTelegram(server, `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`, options.maxPollMs ?? 2_000, options.idBase ?? 1000);
    fake.rateLimit = options.rateLimit;
    fake.recording = options.record ?? true;
    fake.store = options.store;
    fake.knownTokensOnly = options.knownTokensOnly ?? false;
    server.on('request', (req, res) => {
      fake.handle(req, res).catch((error: unknown) => fail(res, 500, `Internal fake error: ${String(error)}`));
    });
    return fake;
  }

  async close(): Promise<void> {
    for (const bot of this.bots.values()) bot.wakeAll();
    this.store?.flush();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The state of one bot (created on first use); `token` must look like `<id>:<secret>`. */
  bot(token: string): FakeBotState {
    let state = this.bots.get(token);
    if (!state) {
      const match = TOKEN_RE.exec(token);
      if (!match) throw new Error('A fake bot token must look like 123456:secret');
      state = new FakeBotState(token, Number(match[1]), this);
      this.bots.set(token, state);
      const store = this.store;
      if (store) {
        const saved = store.loadChats(state.id);
        if (saved) state.log.restore(saved);
        const log = state.log;
        log.onChange = () => store.saveChatsSoon(state!.id, () => log.state());
      }
    }
    return state;
  }

  /** Makes a token answer 401 Unauthorized, as Telegram does after a token is revoked in BotFather. */
  revoke(token: string): void {
    this.revoked.add(token);
  }

  /** Answers requests that are not Bot API calls or file downloads (the sandbox page); 404 until then. */
  serve(handler: (req: IncomingMessage, res: ServerResponse) => void): void {
    this.fallback = handler;
  }

  /** A bot by its numeric id, once it has called the API. */
  botById(id: number): FakeBotState | undefined {
    return [...this.bots.values()].find((bot) => bot.id === id && !this.revoked.has(bot.token));
  }

  /** Calls for one method (and optionally one bot). */
  calls(method: string, token?: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (!token || r.token === token));
  }

  /** Successful send* calls to a chat, oldest first. */
  sent(chatId: number | string, token?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => SENDING.test(r.method) && r.status === 200 && String(r.params.chat_id) === String(chatId) && (!token || r.token === token),
    );
  }

  /** What the chat shows, oldest first: successful sends and text edits (a dialog edited in place is one screen per step). */
  shown(chatId: number | string, token?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) =>
        (SENDING.test(r.method) || r.method === 'editMessageText') &&
        r.status === 200 &&
        String(r.params.chat_id) === String(chatId) &&
        (!token || r.token === token),
    );
  }

  /** The next `times` matching calls answer with `fault` (429 retry_after, 403 blocked, 5xx, 400). */
  failNext(fault: Fault, times = 1, match: Omit<FaultRule, 'fault' | 'remaining'> = {}): void {
    this.faults.push({ fault, remaining: times, ...match });
  }

  /** Every call to this chat answers with `fault` until `clearFaults()`, e.g. a user who blocked the bot. */
  failChat(chatId: number | string, fault: Fault): void {
    this.faults.push({ fault, remaining: Infinity, chat_id: chatId });
  }

  clearFaults(): void {
    this.faults = [];
    this.downloadStatus = null;
  }

  /** File downloads (`/file/bot<token>/<path>`) answer this HTTP status until `clearFaults()`. */
  failDownloads(status = 502): void {
    this.downloadStatus = status;
  }
  private downloadStatus: number | null = null;
  /** Download requests answered so far, failed ones included. */
  downloads = 0;

  setRateLimit(rule: RateLimitRule | undefined): void {
    this.rateLimit = rule;
    this.sentTimes.clear();
  }

  /** Registers bytes as a Telegram file so getFile and `/file/bot<token>/<path>` serve them. */
  registerFile(body: Buffer, options: { mime_type?: string; extension?: string; file_unique_id?: string } = {}): RegisteredFile {
    const n = ++this.fileSeq;
    const fileId = `FILE${n}${Math.random().toString(36).slice(2, 10)}`;
    const file: RegisteredFile = {
      file_id: fileId,
      file_unique_id: options.file_unique_id ?? `U${n}${Math.random().toString(36).slice(2, 8)}`,
      file_path: `files/${fileId}.${options.extension ?? 'bin'}`,
      file_size: body.length,
      mime_type: options.mime_type ?? 'application/octet-stream',
      body,
    };
    this.files.set(file.file_id, file);
    this.store?.saveFile(file);
    return file;
  }

  file(fileId: string): RegisteredFile | undefined {
    const known = this.files.get(fileId);
    if (known || !this.store) return known;
    const saved = this.store.loadFile(fileId);
    if (saved) this.files.set(fileId, saved);
    return saved;
  }

  private takeFault(token: string, method: string, chatId: unknown): Fault | undefined {
    const rule = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (!f.method || f.method === method) &&
        (!f.token || f.token === token) &&
        (f.chat_id === undefined || String(f.chat_id) === String(chatId)),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  }

  /** Sliding one-second window per bot (and optionally per chat); true when this send is over the limit. */
  private overLimit(token: string, chatId: unknown): boolean {
    const rule = this.rateLimit;
    if (!rule) return false;
    const now = Date.now();
    const check = (key: string, limit: number, windowMs: number) => {
      const times = (this.sentTimes.get(key) ?? []).filter((t) => now - t < windowMs);
      this.sentTimes.set(key, times);
      return times.length >= limit;
    };
    const chatWindow = rule.perChatWindowMs ?? 1_000;
    if (check(token, rule.global, 1_000)) return true;
    if (rule.perChat && chatId !== undefined && check(`${token}/${String(chatId)}`, Math.max(1, Math.round((rule.perChat * chatWindow) / 1_000)), chatWindow))
      return true;
    this.sentTimes.get(token)!.push(now);
    if (rule.perChat && chatId !== undefined) this.sentTimes.get(`${token}/${String(chatId)}`)!.push(now);
    return false;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiRoot);
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (download && req.method === 'GET') return this.serveFile(res, decodeURIComponent(download[1]!), download[2]!);
    const call = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!call && this.fallback) return this.fallback(req, res);
    if (!call) return fail(res, 404, 'Not Found');
    const token = decodeURIComponent(call[1]!);
    const method = call[2]!;
    const body = await parseBody(req, res, url.searchParams);
    const record: RecordedRequest = {
      token,
      bot_id: Number(token.split(':')[0]),
      method,
      params: body.params,
      files: body.files,
      content_type: body.contentType,
      at: Date.now(),
      status: 200,
      host: req.headers.host ?? '',
    };
    if (this.recording) this.requests.push(record);
    const answer = (status: number) => {
      record.status = status;
    };
    if (!TOKEN_RE.test(token) || this.revoked.has(token) || (this.knownTokensOnly && !this.bots.has(token))) {
      answer(401);
      return fail(res, 401, 'Unauthorized');
    }
    const fault = this.takeFault(token, method, body.params.chat_id);
    if (fault) {
      answer(fault.kind === 'rate_limited' ? 429 : fault.kind === 'blocked' ? 403 : fault.kind === 'bad_request' ? 400 : (fault.status ?? 502));
      return answerFault(res, fault);
    }
    if (SENDING.test(method) && this.overLimit(token, body.params.chat_id)) {
      this.rateLimitedCount += 1;
      answer(429);
      return answerFault(res, { kind: 'rate_limited', retry_after: 1 });
    }
    const result = await this.bot(token).call(method, body.params, body.files, req);
    if (result.ok) return ok(res, result.result);
    answer(result.error_code);
    return fail(res, result.error_code, result.description);
  }

  private serveFile(res: ServerResponse, token: string, path: string): void {
    this.downloads += 1;
    if (this.downloadStatus) return fail(res, this.downloadStatus, 'Bad Gateway');
    const named = /^files\/([\w-]+)\.\w+$/.exec(path);
    const file = named ? this.file(named[1]!) : undefined;
    if (!TOKEN_RE.test(token) || this.revoked.has(token) || file?.file_path !== path) return fail(res, 404, 'Not Found');
    res.writeHead(200, { 'content-type': file.mime_type, 'content-length': file.body.length });
    res.end(file.body);
  }
}
