import { randomBytes } from 'node:crypto';
import { longPoll, type Bot, type BotOptions } from 'node-telegram-bot-api';
import type { Sequelize } from '@crm/database';
import {
  apiRootFor,
  connectOrganizationsToSandbox,
  miniAppUrl,
  organizationsWithBots,
  recordBotIdentity,
  type BotOrganization,
  type JobQueue,
  type Logger,
} from '@crm/core';
import type { BotFeature, BotOrg } from './context.js';
import { JournalWriter } from './intake/journal-writer.js';
import { UpdateProcessor } from './intake/processor.js';
import { createOrgBot } from './org-bot.js';

const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

export interface BotManagerOptions {
  sequelize: Sequelize;
  logger: Logger;
  features: BotFeature[];
  apiRoot: string;
  /** The built-in Telegram sandbox: organizations without a token get a sandbox bot served from here. */
  sandboxUrl?: string | undefined;
  mode: 'webhook' | 'polling';
  /** Base URL Telegram posts webhooks to (`<publicUrl>/telegram/webhook/<bot_id>`). */
  publicUrl: string;
  queue?: JobQueue | null;
  reconcileMs?: number;
  sweepMs?: number;
  /** Updates processed at once, each of a different chat (journal → handlers). */
  concurrency?: number;
  /** How long a replica holds an update it is processing (see UPDATE_LEASE_MS). */
  updateLeaseMs?: number;
  botOptions?: Omit<BotOptions, 'apiRoot'>;
}

export interface RunningBot {
  org: BotOrg;
  token: string;
  secret: string;
  bot: Bot;
  webhookSet: boolean;
  poll?: { abort: AbortController; done: Promise<void> };
}

const TOKEN_RE = /^(\d+):[\w-]{20,}$/;

/**
 * Keeps one Bot per organization with a bot token, in step with the organizations table: bots
 * start, restart and stop as tokens are added, changed or removed, without restarting the process.
 * Every update (webhook or polling) is journaled before it is acknowledged, then processed once.
 */
export class BotManager {
  private readonly byOrg = new Map<number, RunningBot>();
  private readonly byBotId = new Map<number, RunningBot>();
  private readonly failed = new Map<number, { token: string; retryAt: number }>();
  private readonly processor: UpdateProcessor;
  private readonly journal: JournalWriter;
  private timers: NodeJS.Timeout[] = [];
  private reconciling: Promise<void> | null = null;
  private rerun: Promise<void> | null = null;
  private stopped = false;
  private warnedNoSandbox = new Set<number>();

  constructor(private readonly options: BotManagerOptions) {
    this.processor = new UpdateProcessor(
      options.sequelize,
      options.logger,
      {
        orgIds: () => [...this.byOrg.keys()],
        handlerFor: (orgId) => {
          const running = this.byOrg.get(orgId);
          return running && ((payload) => running.bot.handleUpdate(payload as never));
        },
      },
      { concurrency: options.concurrency, leaseMs: options.updateLeaseMs },
    );
    this.journal = new JournalWriter(options.sequelize);
    // Acknowledging Telegram comes first: during a burst, processing leaves intake its share of the pool.
    this.processor.busy = () => this.journal.busy;
  }

  get size(): number {
    return this.byOrg.size;
  }

  /** The running bot for a webhook's bot id. */
  find(botId: number): RunningBot | undefined {
    return this.byBotId.get(botId);
  }

  forOrg(orgId: number): RunningBot | undefined {
    return this.byOrg.get(orgId);
  }

  async start(): Promise<void> {
    await this.reconcile();
    // Updates a previous process left pending are taken at once; failed and abandoned ones when they are due.
    this.processor.kick();
    await this.sweep();
    const { reconcileMs = 5_000, sweepMs = 10_000 } = this.options;
    this.timers.push(setInterval(() => void this.reconcile().catch((err) => this.options.logger.error({ err }, 'bot reconcile failed')), reconcileMs));
    this.timers.push(setInterval(() => void this.sweep().catch((err) => this.options.logger.error({ err }, 'update sweep failed')), sweepMs));
    for (const timer of this.timers) timer.unref();
  }

  /** Stops polling, waits for in-flight updates; webhook requests after this answer 404. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.reconciling;
    await Promise.all([...this.byOrg.values()].map((running) => this.stopBot(running)));
    await this.processor.stop();
  }

  /** Journals an update for processing (by this replica or another); false when it was a duplicate. */
  async accept(running: RunningBot, update: { update_id: number }): Promise<boolean> {
    const { inserted } = await this.journal.write({ org_id: running.org.id, bot_id: running.org.bot_id, update });
    if (inserted) this.processor.kick();
    return inserted;
  }

  /** Resolves when every journaled update of the bots running here has been processed (tests, shutdown). */
  async idle(): Promise<void> {
    await this.processor.drain();
  }

  /** Takes journaled updates that are pending, or failed or abandoned with attempts left; returns how many it claimed. */
  async sweep({ olderThanMs = 5_000 } = {}): Promise<number> {
    const claimed = await this.processor.sweep({ olderThanMs });
    if (claimed) this.options.logger.info({ claimed }, 'retrying journaled updates');
    return claimed;
  }

  /** Brings the running bots in line with the table; a call during a pass runs one more pass after it. */
  reconcile(): Promise<void> {
    if (this.reconciling) {
      this.rerun ??= this.reconciling
        .catch(() => {})
        .then(() => {
          this.rerun = null;
          return this.reconcile();
        });
      return this.rerun;
    }
    this.reconciling = this.doReconcile().finally(() => {
      this.reconciling = null;
    });
    return this.reconciling;
  }

  private async doReconcile(): Promise<void> {
    if (this.stopped) return;
    if (this.options.sandboxUrl) {
      const connected = await connectOrganizationsToSandbox(this.options.sequelize);
      if (connected) this.options.logger.info({ connected }, 'organizations without a bot token connected to the Telegram sandbox');
    }
    const rows = await organizationsWithBots(this.options.sequelize);
    const wanted = new Map(rows.map((row) => [row.id, row]));
    for (const running of [...this.byOrg.values()]) {
      const row = wanted.get(running.org.id);
      if (!row || row.bot_token !== running.token) await this.stopBot(running, { forget: true });
      else if (row.webhook_secret && row.webhook_secret !== running.secret) {
        running.secret = row.webhook_secret;
        running.webhookSet = false;
      }
    }
    for (const row of rows) {
      if (this.stopped) return;
      const running = this.byOrg.get(row.id);
      if (running) {
        if (this.options.mode === 'webhook' && !running.webhookSet) await this.setWebhook(running);
        continue;
      }
      if (!apiRootFor(row.bot_token, this.options)) {
        if (!this.warnedNoSandbox.has(row.id))
          this.options.logger.warn({ org_id: row.id }, 'the organization is connected to the Telegram sandbox, which does not run here: its bot stays off');
        this.warnedNoSandbox.add(row.id);
        continue;
      }
      const failure = this.failed.get(row.id);
      if (failure && failure.token === row.bot_token && failure.retryAt > Date.now()) continue;
      await this.startBot(row).catch((err: unknown) => {
        this.failed.set(row.id, { token: row.bot_token, retryAt: Date.now() + 60_000 });
        this.options.logger.error({ err, org_id: row.id }, 'bot could not start; retrying in a minute');
      });
    }
  }

  private async startBot(row: BotOrganization): Promise<void> {
    const log = this.options.logger.child({ org_id: row.id });
    const match = TOKEN_RE.exec(row.bot_token);
    if (!match) throw new Error('the bot token is malformed (expected <digits>:<secret>)');
    const { sequelize } = this.options;
    const bot = createOrgBot(
      row.bot_token,
      { id: row.id, bot_id: Number(match[1]), bot_username: row.bot_username, locale: row.locale },
      {
        sequelize,
        logger: this.options.logger,
        queue: this.options.queue ?? null,
        features: this.options.features,
        botOptions: { timeoutMs: 30_000, ...this.options.botOptions, apiRoot: apiRootFor(row.bot_token, this.options)! },
      },
    );
    const me = await bot.api.getMe();
    const org = await recordBotIdentity(sequelize, {
      org_id: row.id,
      token: row.bot_token,
      bot_id: me.id,
      username: me.username ?? null,
      secret: randomBytes(32).toString('hex'),
    });
    if (!org) return; // the token changed meanwhile; the next reconcile starts the new one
    const running: RunningBot = {
      org: { id: row.id, bot_id: me.id, bot_username: me.username ?? null, locale: row.locale },
      token: row.bot_token,
      secret: org.webhook_secret,
      bot,
      webhookSet: false,
    };
    this.byOrg.set(row.id, running);
    this.byBotId.set(me.id, running);
    this.failed.delete(row.id);
    if (this.options.mode === 'webhook') await this.setWebhook(running);
    else await this.startPolling(running);
    await this.describeBot(running).catch((err: unknown) => log.warn({ err }, 'bot commands or menu button not set'));
    log.info({ bot_id: me.id, mode: this.options.mode }, 'bot started');
  }

  private async setWebhook(running: RunningBot): Promise<void> {
    const url = `${this.options.publicUrl.replace(/\/+$/, '')}/telegram/webhook/${running.org.bot_id}`;
    try {
      await running.bot.api.setWebhook({ url, secret_token: running.secret, allowed_updates: [...ALLOWED_UPDATES], max_connections: 40 });
      running.webhookSet = true;
    } catch (err) {
      // Intake keeps working for requests that reach us; setWebhook is retried on the next reconcile.
      this.options.logger.error({ err, org_id: running.org.id }, 'setWebhook failed');
    }
  }

  private async startPolling(running: RunningBot): Promise<void> {
    await running.bot.api.deleteWebhook({ drop_pending_updates: false });
    const abort = new AbortController();
    const log = this.options.logger.child({ org_id: running.org.id });
    const loop = async () => {
      const updates = longPoll(
        running.bot.api,
        { timeout: 25, allowedUpdates: [...ALLOWED_UPDATES], onError: (err) => log.warn({ err }, 'getUpdates failed; retrying') },
        abort.signal,
      );
      // The offset advances (confirming to Telegram) only after the update is journaled.
      for await (const update of updates) {
        for (let stored = false; !stored && !abort.signal.aborted;) {
          stored = await this.accept(running, update).then(
            () => true,
            async (err: unknown) => {
              log.error({ err }, 'journal unavailable; holding the update');
              await new Promise((resolve) => setTimeout(resolve, 1_000));
              return false;
            },
          );
        }
      }
    };
    const done = loop().catch((err: unknown) => log.error({ err }, 'polling stopped'));
    running.poll = { abort, done };
  }

  private async describeBot(running: RunningBot): Promise<void> {
    const { api } = running.bot;
    await api.setMyCommands({ commands: [{ command: 'start', description: running.org.locale === 'en' ? 'Start' : 'Начать' }] });
    if (this.options.publicUrl.startsWith('https://')) {
      const text = running.org.locale === 'en' ? 'Open' : 'Открыть';
      await api.setChatMenuButton({
        menu_button: { type: 'web_app', text, web_app: { url: miniAppUrl(this.options.publicUrl, running.org.id) } },
      });
    }
  }

  /** `forget`: the token was removed or replaced, so the old bot's webhook is deleted too (best effort). */
  private async stopBot(running: RunningBot, { forget = false } = {}): Promise<void> {
    this.byOrg.delete(running.org.id);
    if (this.byBotId.get(running.org.bot_id) === running) this.byBotId.delete(running.org.bot_id);
    if (running.poll) {
      running.poll.abort.abort();
      await running.poll.done;
    }
    if (forget && this.options.mode === 'webhook') {
      await running.bot.api.deleteWebhook({}).catch((err: unknown) => this.options.logger.warn({ err, org_id: running.org.id }, 'old webhook not deleted'));
    }
    this.options.logger.info({ org_id: running.org.id }, 'bot stopped');
  }
}
