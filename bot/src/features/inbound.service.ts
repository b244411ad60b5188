import { Lead, QueryTypes, type MediaItem, type Sequelize, type SqlTransaction } from '@crm/database';
import { createLead, JOBS, publishEvent, type JobQueue, type Logger } from '@crm/core';
import type { Person } from '../context.js';

export interface InboundDeps {
  sequelize: Sequelize;
  queue: JobQueue | null;
  logger: Logger;
}

export interface InboundMessage {
  org_id: number;
  chat: { id: number; type: string; title?: string };
  person: Person;
  /** Telegram user who wrote (absent for anonymous group admins). */
  from?: { id: number; first_name?: string; last_name?: string; username?: string; language_code?: string };
  /** For a brand-new lead: how they found us ('telegram' or the /start payload). */
  source: string;
  name: string;
  telegram_message_id: number | null;
  kind: string;
  content: string;
  media: MediaItem[];
  media_group_id?: string | null;
  edited_at?: Date | null;
}

export interface StoredMessage {
  id: number;
  lead_id: number | null;
  user_id: number | null;
  created: boolean;
}

const STAFF = new Set(['admin', 'manager', 'worker']);

/** Serializes "find or create the lead for this chat" per organization across bot replicas. */
async function lockLeadCreation(sequelize: Sequelize, orgId: number, transaction: SqlTransaction) {
  await sequelize.query('SELECT pg_advisory_xact_lock(:orgId)', { replacements: { orgId }, transaction });
}

async function findOrCreateLead(deps: InboundDeps, input: InboundMessage, transaction: SqlTransaction): Promise<Lead> {
  const { sequelize } = deps;
  const group = input.chat.type !== 'private';
  const where = group
    ? { org_id: input.org_id, chat_id: input.chat.id, telegram_id: null }
    : { org_id: input.org_id, telegram_id: input.from!.id };
  await lockLeadCreation(sequelize, input.org_id, transaction);
  const existing = await Lead.findOne({ where, transaction });
  if (existing) return existing;
  return createLead(sequelize, {
    org_id: input.org_id,
    telegram_id: group ? null : input.from!.id,
    chat_id: input.chat.id,
    name: group ? (input.chat.title ?? `Group ${input.chat.id}`) : input.name,
    username: group ? null : input.from?.username ?? null,
    language_code: group ? null : input.from?.language_code ?? null,
    status: 'new',
    source: group ? 'group' : input.source,
  }, transaction);
}

/** Which thread a message belongs to: lead_id and/or user_id (one conversation per person). */
async function thread(deps: InboundDeps, input: InboundMessage, transaction: SqlTransaction) {
  const { person } = input;
  if (input.chat.type !== 'private') {
    const lead = await findOrCreateLead(deps, input, transaction);
    return { lead_id: lead.id, user_id: null, sender_id: person.user?.id ?? null };
  }
  if (person.user && STAFF.has(person.user.role)) return { lead_id: null, user_id: person.user.id, sender_id: null };
  if (person.user) return { lead_id: person.lead?.id ?? null, user_id: person.user.id, sender_id: null };
  const lead = person.lead ?? (await findOrCreateLead(deps, input, transaction));
  return { lead_id: lead.id, user_id: lead.client_id ?? null, sender_id: null };
}

/**
 * Stores an inbound Telegram message in its person's conversation, creating the lead for a first
 * contact, in one transaction. The same Telegram message stored twice (a retried update) is one row.
 * After the commit: media is handed to the `media.ingest` job and `message.created` is published.
 */
export async function storeInbound(deps: InboundDeps, input: InboundMessage): Promise<StoredMessage> {
  const { sequelize } = deps;
  const stored = await sequelize.transaction(async (transaction) => {
    const owner = await thread(deps, input, transaction);
    const rows = await sequelize.query<{ id: number }>(
      `INSERT INTO chat_messages (org_id, lead_id, user_id, sender_id, direction, kind, content, media, chat_id,
         telegram_message_id, media_group_id, status, edited_at, original_content)
       VALUES (:org_id, :lead_id, :user_id, :sender_id, 'inbound', :kind, :content, CAST(:media AS jsonb), :chat_id,
         :telegram_message_id, :media_group_id, 'received', :edited_at, NULL)
       ON CONFLICT (org_id, chat_id, telegram_message_id) WHERE telegram_message_id IS NOT NULL DO NOTHING
       RETURNING id`,
      {
        replacements: {
          org_id: input.org_id, ...owner, kind: input.kind, content: input.content, media: JSON.stringify(input.media),
          chat_id: input.chat.id, telegram_message_id: input.telegram_message_id, media_group_id: input.media_group_id ?? null,
          edited_at: input.edited_at ?? null,
        },
        type: QueryTypes.SELECT, transaction,
      });
    if (rows.length === 0) {
      const [existing] = await sequelize.query<{ id: number; media: MediaItem[] }>(
        'SELECT id, media FROM chat_messages WHERE org_id = :org_id AND chat_id = :chat_id AND telegram_message_id = :mid',
        { replacements: { org_id: input.org_id, chat_id: input.chat.id, mid: input.telegram_message_id }, type: QueryTypes.SELECT, transaction });
      return { id: existing!.id, ...owner, created: false, pendingMedia: existing!.media.some((m) => !m.key) };
    }
    // Sent with the transaction: listeners hear of the message only once it is committed.
    await publishEvent(transaction, { org_id: input.org_id, type: 'message.created', data: { id: rows[0]!.id, lead_id: owner.lead_id, user_id: owner.user_id } });
    if (owner.lead_id) {
      await sequelize.query(
        `UPDATE leads SET last_message_at = now(), last_activity_at = now(), unread_count = unread_count + 1, updated_at = now()
         WHERE id = :id AND org_id = :org_id`,
        { replacements: { id: owner.lead_id, org_id: input.org_id }, transaction });
    }
    return { id: rows[0]!.id, ...owner, created: true, pendingMedia: input.media.length > 0 };
  });
  await afterStore(deps, input, stored);
  return { id: stored.id, lead_id: stored.lead_id, user_id: stored.user_id, created: stored.created };
}

async function afterStore(deps: InboundDeps, input: InboundMessage, stored: StoredMessage & { pendingMedia: boolean }) {
  // A retried update re-enqueues media still missing; the unique key keeps it one job.
  if (stored.pendingMedia) {
    if (deps.queue) {
      await deps.queue.enqueue(JOBS.mediaIngest, { org_id: input.org_id, message_id: stored.id }, { uniqueKey: `media:message:${stored.id}` });
    } else {
      deps.logger.warn({ message_id: stored.id }, 'no job queue: media left for a later ingest');
    }
  }
}

/**
 * An edit of a stored message: the text is replaced and the first version kept in original_content.
 * Returns null when the original was never stored (then the caller stores the edit as a message).
 */
export async function applyEdit(deps: InboundDeps, input: { org_id: number; chat_id: number; telegram_message_id: number; content: string; edited_at: Date }) {
  const rows = await deps.sequelize.query<{ id: number; lead_id: number | null; user_id: number | null }>(
    `UPDATE chat_messages SET original_content = COALESCE(original_content, content), content = :content,
       edited_at = :edited_at, updated_at = now()
     WHERE org_id = :org_id AND chat_id = :chat_id AND telegram_message_id = :telegram_message_id AND direction = 'inbound'
     RETURNING id, lead_id, user_id`,
    { replacements: input, type: QueryTypes.SELECT });
  const row = rows[0];
  if (!row) return null;
  await publishEvent(deps.sequelize, { org_id: input.org_id, type: 'message.updated', data: row });
  return row;
}
