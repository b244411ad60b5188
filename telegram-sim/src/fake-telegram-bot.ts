import type { IncomingMessage } from 'node:http';
import type { UploadedPart } from './fake-telegram-wire.js';
import { ChatLog, type ChatMessage } from './chat-log.js';

export interface RegisteredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  file_size: number;
  mime_type: string;
  body: Buffer;
}

/** What FakeBotState needs from the server: the file registry. */
interface FileRegistry {
  registerFile(body: Buffer, options?: { mime_type?: string; extension?: string }): RegisteredFile;
  file(fileId: string): RegisteredFile | undefined;
  readonly apiRoot: string;
  readonly maxPollMs: number;
  /** Where message and update ids start (a long-lived sandbox starts them from the clock, so a restart never reuses one). */
  readonly idBase: number;
}

type CallResult = { ok: true; result: unknown } | { ok: false; error_code: number; description: string };

export interface DeliveryResult {
  status: number;
  body: string;
}

const okResult = (result: unknown): CallResult => ({ ok: true, result });
const badRequest = (description: string): CallResult => ({ ok: false, error_code: 400, description: `Bad Request: ${description}` });

/** One fake bot: its webhook, pending updates for getUpdates, and the messages it "sent". */
export class FakeBotState {
  webhook: { url: string; secret_token?: string; allowed_updates?: unknown } | null = null;
  commands: unknown[] = [];
  menuButton: unknown = null;
  readonly username: string;
  private pending: Array<{ update_id: number }> = [];
  private waiters = new Set<() => void>();
  private messageSeq: number;
  private updateSeq: number;
  /** The bot's private chats as the people in them see them. */
  readonly log = new ChatLog();
  /** Which chat a pending callback query came from, so answerCallbackQuery's text shows there. */
  private readonly callbackChats = new Map<string, number>();

  constructor(
    readonly token: string,
    readonly id: number,
    private readonly registry: FileRegistry,
  ) {
    this.username = `bot${id}_bot`;
    this.messageSeq = registry.idBase;
    this.updateSeq = registry.idBase;
  }

  /**
   * An update from a person, as Telegram sends it: numbered, shown in the chat log, then posted to the
   * bot's webhook (or queued for getUpdates when the bot polls). `build` gets the update id and a new message id.
   */
  async receive(build: (ids: { update_id: number; message_id: number }) => { update_id: number } & Record<string, unknown>): Promise<DeliveryResult | null> {
    this.updateSeq += 1;
    const update = build({ update_id: this.updateSeq, message_id: this.nextMessageId() });
    const message = (update.message ?? null) as ChatMessage | null;
    if (message) this.log.add(message);
    const edited = (update.edited_message ?? null) as ChatMessage | null;
    if (edited) this.log.replace(edited);
    const callback = update.callback_query as { id: string; message?: { chat: { id: number } } } | undefined;
    if (callback?.message) {
      if (this.callbackChats.size > 1_000) this.callbackChats.clear();
      this.callbackChats.set(callback.id, callback.message.chat.id);
    }
    if (this.webhook) return this.deliver(update);
    this.pushUpdate(update);
    return null;
  }

  /** Queues an update for getUpdates (polling mode). */
  pushUpdate(update: { update_id: number }): void {
    this.pending.push(update);
    this.wakeAll();
  }

  wakeAll(): void {
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /** Posts an update to the registered webhook with the secret header, as Telegram does. */
  async deliver(update: object, options: { secret?: string | null } = {}): Promise<DeliveryResult> {
    if (!this.webhook) throw new Error(`Bot ${this.id} has no webhook set`);
    const secret = options.secret === undefined ? this.webhook.secret_token : (options.secret ?? undefined);
    return deliverUpdate(this.webhook.url, update, secret);
  }

  async call(method: string, params: Record<string, unknown>, files: UploadedPart[], req: IncomingMessage): Promise<CallResult> {
    const me = { id: this.id, is_bot: true, first_name: `Bot ${this.id}`, username: this.username };
    switch (method) {
      case 'getMe':
        return okResult({ ...me, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
      case 'setWebhook': {
        const url = String(params.url ?? '');
        if (url && !/^https?:\/\//.test(url)) return badRequest('bad webhook: invalid URL');
        const secret = params.secret_token === undefined ? undefined : String(params.secret_token);
        if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) return badRequest('bad webhook: secret token contains unallowed characters');
        this.webhook = url ? { url, secret_token: secret, allowed_updates: params.allowed_updates } : null;
        return okResult(true);
      }
      case 'deleteWebhook':
        this.webhook = null;
        if (String(params.drop_pending_updates) === 'true') this.pending = [];
        return okResult(true);
      case 'getWebhookInfo':
        return okResult({ url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.pending.length });
      case 'getUpdates':
        return this.getUpdates(params, req);
      case 'setMyCommands':
        this.commands = Array.isArray(params.commands) ? params.commands : [];
        return okResult(true);
      case 'setChatMenuButton':
        if (params.chat_id !== undefined) this.log.setMenu(Number(params.chat_id), params.menu_button ?? null);
        else this.menuButton = params.menu_button ?? null;
        return okResult(true);
      case 'sendChatAction':
        return okResult(true);
      case 'answerCallbackQuery': {
        const chatId = this.callbackChats.get(String(params.callback_query_id ?? ''));
        this.callbackChats.delete(String(params.callback_query_id ?? ''));
        if (chatId !== undefined && params.text) this.log.toast(chatId, String(params.text), String(params.show_alert) === 'true');
        return okResult(true);
      }
      case 'getFile': {
        const file = this.registry.file(String(params.file_id ?? ''));
        if (!file) return badRequest('invalid file_id');
        return okResult({ file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.file_size, file_path: file.file_path });
      }
      case 'sendMessage':
        if (!params.text) return badRequest('message text is empty');
        return okResult(this.message(params, me, { text: String(params.text) }));
      case 'sendPhoto':
      case 'sendDocument':
      case 'sendVideo':
      case 'sendVoice':
      case 'sendAudio': {
        const field = method.slice(4).toLowerCase();
        const media = this.mediaFor(
          field,
          params[field],
          files.find((f) => f.field === field),
        );
        if (!media) return badRequest(`there is no ${field} in the request`);
        return okResult(this.message(params, me, { [field]: media, ...(params.caption ? { caption: String(params.caption) } : {}) }));
      }
      case 'sendMediaGroup': {
        const items = Array.isArray(params.media) ? (params.media as Array<Record<string, unknown>>) : null;
        if (!items || items.length < 2 || items.length > 10) return badRequest('media must contain 2-10 items');
        const groupId = String(Date.now()) + String(this.messageSeq);
        const messages = [];
        for (const item of items) {
          const ref = String(item.media ?? '');
          const part = ref.startsWith('attach://') ? files.find((f) => f.field === ref.slice('attach://'.length)) : undefined;
          const type = String(item.type ?? 'photo');
          const media = this.mediaFor(type, ref, part);
          if (!media) return badRequest(`media ${ref} not found`);
          messages.push(this.message(params, me, { [type]: media, media_group_id: groupId, ...(item.caption ? { caption: String(item.caption) } : {}) }));
        }
        return okResult(messages);
      }
      case 'editMessageText':
        if (!params.text) return badRequest('message text is empty');
        return okResult(this.edited(params, me, { text: String(params.text) }));
      case 'editMessageReplyMarkup':
        return okResult(this.edited(params, me, {}));
      case 'deleteMessage':
        this.log.remove(Number(params.chat_id), Number(params.message_id));
        return okResult(true);
      default:
        return { ok: false, error_code: 404, description: 'Not Found: method not found' };
    }
  }

  private async getUpdates(params: Record<string, unknown>, req: IncomingMessage): Promise<CallResult> {
    if (this.webhook)
      return {
        ok: false,
        error_code: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      };
    const offset = Number(params.offset ?? 0);
    if (offset) this.pending = this.pending.filter((u) => u.update_id >= offset);
    const limit = Math.min(100, Number(params.limit ?? 100) || 100);
    const timeoutMs = Math.min(Number(params.timeout ?? 0) * 1000, this.registry.maxPollMs);
    if (this.pending.length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          this.waiters.delete(wake);
          resolve();
        }, timeoutMs);
        this.waiters.add(wake);
        req.once('close', wake);
      });
    }
    return okResult(this.pending.slice(0, limit));
  }

  private nextMessageId(): number {
    this.messageSeq += 1;
    return this.messageSeq;
  }

  private message(params: Record<string, unknown>, from: object, content: Record<string, unknown>) {
    const chatId = Number(params.chat_id);
    const message: ChatMessage = {
      message_id: this.nextMessageId(),
      from,
      chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' },
      date: Math.floor(Date.now() / 1000),
      ...content,
      ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}),
    };
    this.log.add(message);
    return message;
  }

  /** Telegram keeps what the edit does not change; an edit without reply_markup removes the inline keyboard. */
  private edited(params: Record<string, unknown>, from: object, content: Record<string, unknown>) {
    if (params.inline_message_id) return true;
    const chatId = Number(params.chat_id);
    const known: ChatMessage = this.log.get(chatId, Number(params.message_id)) ?? {
      message_id: Number(params.message_id),
      from,
      chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' },
      date: Math.floor(Date.now() / 1000),
    };
    const { reply_markup: _previousMarkup, ...original } = known;
    const message = {
      ...original,
      edit_date: Math.floor(Date.now() / 1000),
      ...content,
      ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}),
    } as ChatMessage;
    this.log.replace(message);
    return message;
  }

  /** An uploaded part is registered as a new file; a string is an existing file_id (or a URL, accepted as is). */
  private mediaFor(type: string, ref: unknown, part: UploadedPart | undefined): unknown {
    let file: RegisteredFile | undefined;
    if (part) {
      const extension = part.filename.includes('.') ? part.filename.split('.').pop() : 'bin';
      file = this.registry.registerFile(part.body, { mime_type: part.mime_type, extension });
    } else if (typeof ref === 'string' && ref) {
      file = this.registry.file(ref);
      if (!file && /^https?:\/\//.test(ref)) file = this.registry.registerFile(Buffer.from(ref), { extension: 'bin' });
    }
    if (!file) return undefined;
    const base = { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.file_size };
    if (type === 'photo') return [{ ...base, width: 1280, height: 960 }];
    return { ...base, mime_type: file.mime_type, ...(part ? { file_name: part.filename } : {}) };
  }
}

/** POSTs an update as JSON to a webhook URL, with `X-Telegram-Bot-Api-Secret-Token` when a secret is given. */
export async function deliverUpdate(url: string, update: object, secret?: string): Promise<DeliveryResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret) headers['x-telegram-bot-api-secret-token'] = secret;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(update) });
  return { status: response.status, body: await response.text() };
}
