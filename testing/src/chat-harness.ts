import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChatMessage, Lead, Organization, QueryTypes, User, type MediaItem, type Sequelize } from '@crm/database';
import { connectTestDatabase } from './database.js';
import {
  createEventHub,
  createJobsPool,
  createLocalStorage,
  createLead,
  createLogger,
  publishEvent,
  type CrmEvent,
  type EventHub,
  type LocalStorage,
} from '@crm/core';
import { FakeTelegram } from './fake-telegram.js';
import { createWorker, loadJobsConfig, type Worker } from '@crm/jobs';
import { createTestApi, TEST_JWT_SECRET, type TestApi } from './api.js';
export { waitFor } from './wait-for.js';

/**
 * The api with everything the chat needs, for real: PostgreSQL, local media storage in a temp dir,
 * the event hub on LISTEN/NOTIFY, and a jobs worker (own Agenda table) delivering to the fake Bot API.
 * `publicUrl` is the PUBLIC_URL of both the api and the jobs worker, as on a server.
 */
export async function startChatHarness(options: { name?: string; mediaPublicUrl?: string; publicUrl?: string } = {}) {
  const name = options.name ?? 'chat-test';
  const url = process.env.CRM_TEST_DATABASE_URL!;
  const sequelize: Sequelize = await connectTestDatabase();
  const logger = createLogger(name, process.env.TEST_LOG_LEVEL ?? 'silent');
  const mediaDir = await mkdtemp(path.join(tmpdir(), `crm-${name}-`));
  const storage: LocalStorage = createLocalStorage({
    root: mediaDir,
    publicUrl: options.mediaPublicUrl ?? 'http://media.test',
    secret: TEST_JWT_SECRET,
    defaultTtl: 300,
  });
  const fake = await FakeTelegram.start();
  const pool = createJobsPool(url, { max: 4 });
  const tableName = `agenda_${name.replace(/\W/g, '_')}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const worker: Worker = await createWorker({
    config: loadJobsConfig({ TELEGRAM_API_ROOT: fake.apiRoot, LOG_LEVEL: 'silent', ...(options.publicUrl ? { PUBLIC_URL: options.publicUrl } : {}) }),
    sequelize,
    pool,
    logger,
    storage,
    tableName,
    name,
    processEvery: 200,
    publish: (event) => publishEvent(sequelize, event as CrmEvent),
    delivery: { backoffBaseMs: 100, leaseMs: 10_000 },
  });
  const hub: EventHub = createEventHub(url, logger, { reconnectDelayMs: 100 });
  await hub.ready();
  const api: TestApi = await createTestApi({
    sequelize,
    storage,
    queue: worker.deps.queue,
    events: hub,
    env: { TELEGRAM_API_ROOT: fake.apiRoot, ...(options.publicUrl ? { PUBLIC_URL: options.publicUrl } : {}) },
  });
  let seq = 6_000_000 + Math.floor(Math.random() * 1e6) * 10 + (process.pid % 10);

  return {
    api,
    sequelize,
    storage,
    fake,
    worker,
    hub,
    /** A fresh organization (through sign-up) whose bot the fake Bot API accepts. */
    async org() {
      const registered = await api.register();
      const botId = 8_000_000_000 + ++seq;
      await Organization.update({ bot_token: `${botId}:TEST-chat-${seq}`, bot_id: botId }, { where: { id: registered.org.id } });
      return registered;
    },
    /** A lead who wrote to the bot (as the bot would store it). */
    async lead(orgId: number, values: { name?: string; username?: string | null; phone?: string | null; status?: 'new' | 'qualified' } = {}) {
      const chat = ++seq;
      return createLead(sequelize, {
        org_id: orgId,
        telegram_id: chat,
        chat_id: chat,
        name: values.name ?? `Lead ${chat}`,
        username: values.username ?? null,
        phone: values.phone ?? null,
        status: values.status ?? 'new',
        source: 'telegram',
      });
    },
    async user(orgId: number, role: 'worker' | 'manager' | 'admin' | 'client', name = `${role} ${seq}`) {
      const chat = ++seq;
      return User.create({
        org_id: orgId,
        role,
        name,
        telegram_id: chat,
        email: role === 'manager' || role === 'admin' ? `${role}-${chat}@example.test` : null,
      });
    },
    /** An inbound message stored the way the bot stores one (counter and last_message_at included). */
    async inbound(
      thread: { org_id: number; lead?: Lead; user?: User },
      content: string,
      extra: { media?: MediaItem[]; media_group_id?: string; kind?: string } = {},
    ) {
      const message = await ChatMessage.create({
        org_id: thread.org_id,
        lead_id: thread.lead?.id ?? null,
        user_id: thread.user?.id ?? null,
        direction: 'inbound',
        kind: extra.kind ?? extra.media?.[0]?.type ?? 'text',
        content,
        media: extra.media ?? [],
        chat_id: thread.lead?.chat_id ?? thread.user?.telegram_id ?? null,
        telegram_message_id: ++seq,
        media_group_id: extra.media_group_id ?? null,
        status: 'received',
      });
      if (thread.lead) {
        await Lead.increment({ unread_count: 1 }, { where: { id: thread.lead.id } });
        await Lead.update({ last_message_at: message.created_at }, { where: { id: thread.lead.id } });
      }
      return message;
    },
    /**
     * What an organization's conversations and jobs look like now, as text for a failed wait: the
     * bot's journal, leads, messages, AI runs and the jobs table, newest last.
     */
    async diagnose(orgId: number): Promise<string> {
      const read = async (title: string, sql: string) => {
        const rows = await sequelize.query(sql, { replacements: { orgId }, type: QueryTypes.SELECT }).catch((error: Error) => [{ error: error.message }]);
        return `${title}:\n${rows.map((row) => `  ${JSON.stringify(row)}`).join('\n') || '  (none)'}`;
      };
      return [
        await read('journal', `SELECT id, update_id, chat_id, status, attempts, error FROM telegram_updates WHERE org_id = :orgId ORDER BY id`),
        await read(
          'leads',
          `SELECT id, status, ai_enabled, needs_manager, ai_paused_reason, phone, budget_amount FROM leads WHERE org_id = :orgId ORDER BY id`,
        ),
        await read(
          'messages',
          `SELECT id, lead_id, user_id, direction, status, chat_id, left(content, 60) AS content, created_at FROM chat_messages WHERE org_id = :orgId ORDER BY id`,
        ),
        await read('ai runs', `SELECT id, lead_id, engine, error, created_at FROM ai_runs WHERE org_id = :orgId ORDER BY id`),
        await read(
          'jobs',
          `SELECT name, data, next_run_at, locked_at, last_finished_at, fail_reason FROM "${tableName}" WHERE (data->>'org_id')::int = :orgId OR NOT data ? 'org_id' ORDER BY created_at`,
        ),
      ].join('\n');
    },
    async close() {
      await worker.stop(5_000).catch(() => {});
      await api.close();
      await hub.close();
      await pool.query(`DROP TABLE IF EXISTS "${tableName}"`).catch(() => {});
      await pool.end();
      await fake.close();
      await sequelize.close();
      await rm(mediaDir, { recursive: true, force: true });
    },
  };
}

export type ChatHarness = Awaited<ReturnType<typeof startChatHarness>>;

export interface SseEvent {
  event: string;
  data: any;
  at: number;
}

/** A minimal EventSource over node:http: collects parsed events and comments. */
export function openStream(url: string, headers: Record<string, string> = {}) {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters: (() => void)[] = [];
  let request: http.ClientRequest;
  const response = new Promise<http.IncomingMessage>((resolve, reject) => {
    request = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      resolve(res);
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trim());
          }
          if (data.length) events.push({ event, data: JSON.parse(data.join('\n')), at: Date.now() });
          waiters.splice(0).forEach((wake) => wake());
        }
      });
    });
    request.on('error', reject);
  });
  return {
    events,
    comments,
    response,
    async waitFor(predicate: (e: SseEvent) => boolean, timeoutMs = 3000): Promise<SseEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(predicate);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms; got ${events.map((e) => e.event).join(', ')}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
    close() {
      request.destroy();
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
