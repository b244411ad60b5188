import { Lead, QueryTypes, type MediaItem, type Sequelize, type SqlTransaction } from '@crm/database';
import { createLead } from '../leads/lead.service.js';
import { JOBS } from '../jobs/contracts.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Logger } from '../logger.js';
import { eventNotifySql, publishEvent } from '../events/publish.js';
import { PROMPTED_ESTIMATE_SQL, QUESTION_PROMPT_SQL } from '../estimates/questions.js';
import { recordGroupChat } from '../groups/telegram-groups.js';
import type { RecognisedPerson } from '../people/recognise.js';
import { REOPEN_ON_INBOUND_SQL } from './inbox-state.service.js';

// Inbound messages from Telegram, as the bot process hands them over (already translated from the
// update): stored in their person's conversation, announced, and their media handed to ingest.

export interface InboundDeps {
  sequelize: Sequelize;
  queue: JobQueue | null;
  logger: Logger;
}

export interface InboundMessage {
  org_id: number;
  chat: { id: number; type: string; title?: string };
  person: RecognisedPerson;
  /** Telegram user who wrote (absent for anonymous group admins). */
  from?: { id: number; first_name?: string; last_name?: string; username?: string; language_code?: string };
  /** For a brand-new lead: how they found us ('telegram' or the /start deep-link payload, for ad tracking). */
  source: string;
  name: string;
  telegram_message_id: number | null;
  kind: string;
  content: string;
  media: MediaItem[];
  media_group_id?: string | null;
  edited_at?: Date | null;
  /** The Telegram message (in the same chat) this one replies to. */
  reply_to_telegram_message_id?: number | null;
}

export interface StoredMessage {
  id: number;
  lead_id: number | null;
  user_id: number | null;
  group_id?: number | null;
  created: boolean;
  /** Set when the message is a client's question about an estimate (after its "Questions" button). */
  estimate_id?: number | null;
  /** For a new message of a lead: what deciding on an AI turn needs, read with the message's own statement. */
  ai?: { org_enabled: boolean; last_outbound_id: number | null } | null;
}

const STAFF = new Set(['admin', 'manager', 'worker']);

/** Serializes "find or create the lead for this chat" per organization across bot replicas. */
async function lockLeadCreation(sequelize: Sequelize, orgId: number, transaction: SqlTransaction) {
  await sequelize.query('SELECT pg_advisory_xact_lock(:orgId)', { replacements: { orgId }, transaction });
}

async function findOrCreateLead(deps: InboundDeps, input: InboundMessage, transaction: SqlTransaction): Promise<Lead> {
  const { sequelize } = deps;
  const where = { org_id: input.org_id, telegram_id: input.from!.id };
  await lockLeadCreation(sequelize, input.org_id, transaction);
  const existing = await Lead.findOne({ where, transaction });
  if (existing) return existing;
  return createLead(
    sequelize,
    {
      org_id: input.org_id,
      telegram_id: input.from!.id,
      chat_id: input.chat.id,
      name: input.name,
      username: input.from?.username ?? null,
      language_code: input.from?.language_code ?? null,
      status: 'new',
      source: input.source,
    },
    transaction,
  );
}

type Owner = { lead_id: number | null; user_id: number | null; sender_id: number | null; group_id?: number | null; author_name?: string | null };

/** The thread of a known person's private message (one conversation per person); null when a lead must be found or created. */
function knownOwner(input: InboundMessage): Owner | null {
  const { person } = input;
  if (input.chat.type !== 'private') return null;
  if (person.user && STAFF.has(person.user.role)) return { lead_id: null, user_id: person.user.id, sender_id: null };
  if (person.user) return { lead_id: person.lead?.id ?? null, user_id: person.user.id, sender_id: null };
  if (person.lead) return { lead_id: person.lead.id, user_id: person.lead.client_id ?? null, sender_id: null };
  return null;
}

/**
 * A group chat's conversation (never a lead: a linked group is its project's conversation, an
 * unlinked one a group conversation), with the sender's name; or a first contact's new lead.
 */
async function createdOwner(deps: InboundDeps, input: InboundMessage, transaction: SqlTransaction): Promise<Owner> {
  if (input.chat.type !== 'private') {
    const group = await recordGroupChat(deps.sequelize, { org_id: input.org_id, chat_id: input.chat.id, title: input.chat.title ?? null }, transaction);
    const staff = input.person.user && STAFF.has(input.person.user.role) ? input.person.user.id : null;
    return { lead_id: null, user_id: null, sender_id: staff, group_id: group.id, author_name: input.name };
  }
  const lead = await findOrCreateLead(deps, input, transaction);
  return { lead_id: lead.id, user_id: lead.client_id ?? null, sender_id: null };
}

/**
 * One statement: the message row and, when it is new, the lead's unread count and last activity,
 * its conversation reopened, and `message.created` published (on commit). The same Telegram message
 * stored twice (a retried update) stays one row and is announced once.
 */
async function insertMessage(deps: InboundDeps, input: InboundMessage, owner: Owner, transaction?: SqlTransaction) {
  const { sequelize } = deps;
  // A client who tapped "Questions" under an estimate: this message is the question about it.
  const asks = input.chat.type === 'private' && input.kind !== 'callback' && input.person.user?.role === 'client';
  const notify = eventNotifySql({ org_id: input.org_id, type: 'message.created', data: { lead_id: owner.lead_id, user_id: owner.user_id } }, 'ins.id');
  const rows = await sequelize.query<{ id: number; estimate_id: number | null; org_ai_enabled: boolean; last_outbound_id: number | null }>(
    `WITH ${asks ? `${QUESTION_PROMPT_SQL},` : ''} ins AS (
       INSERT INTO chat_messages (org_id, lead_id, user_id, sender_id, group_id, author_name, direction, kind, content, media, chat_id,
         telegram_message_id, media_group_id, status, edited_at, reply_to_id, estimate_id)
       VALUES (:org_id, :lead_id, :user_id, :sender_id, :group_id, :author_name, 'inbound', :kind, :content, CAST(:media AS jsonb), :chat_id,
         :telegram_message_id, :media_group_id, 'received', :edited_at,
         (SELECT r.id FROM chat_messages r WHERE r.org_id = :org_id AND r.chat_id = :chat_id AND r.telegram_message_id = :reply_to ORDER BY r.id LIMIT 1),
         ${asks ? PROMPTED_ESTIMATE_SQL : 'NULL'})
       ON CONFLICT (org_id, chat_id, telegram_message_id) WHERE telegram_message_id IS NOT NULL DO NOTHING
       RETURNING id, estimate_id
     ), bump AS (
       UPDATE leads SET last_message_at = now(), last_activity_at = now(), unread_count = unread_count + 1, updated_at = now()
       WHERE id = :lead_id AND org_id = :org_id AND EXISTS (SELECT 1 FROM ins)
     ), bump_group AS (
       UPDATE telegram_groups SET last_message_at = now(), unread_count = unread_count + 1
       WHERE id = :group_id AND org_id = :org_id AND EXISTS (SELECT 1 FROM ins)
     ), reopen AS (
       ${REOPEN_ON_INBOUND_SQL} AND EXISTS (SELECT 1 FROM ins)
     )
     SELECT ins.id, ins.estimate_id, ${notify.sql},
       (SELECT o.ai_enabled FROM organizations o WHERE o.id = :org_id) AS org_ai_enabled,
       (SELECT max(o.id) FROM chat_messages o WHERE o.org_id = :org_id AND o.lead_id = :lead_id AND o.direction = 'outbound') AS last_outbound_id
     FROM ins`,
    {
      replacements: {
        ...notify.replacements,
        org_id: input.org_id,
        group_id: null,
        author_name: null,
        ...owner,
        kind: input.kind,
        content: input.content,
        media: JSON.stringify(input.media),
        chat_id: input.chat.id,
        telegram_message_id: input.telegram_message_id,
        media_group_id: input.media_group_id ?? null,
        edited_at: input.edited_at ?? null,
        reply_to: input.reply_to_telegram_message_id ?? null,
      },
      type: QueryTypes.SELECT,
      ...(transaction ? { transaction } : {}),
    },
  );
  const row = rows[0];
  if (row) {
    const ai = owner.lead_id
      ? { org_enabled: row.org_ai_enabled, last_outbound_id: row.last_outbound_id === null ? null : Number(row.last_outbound_id) }
      : null;
    return { id: row.id, ...owner, created: true, pendingMedia: input.media.length > 0, estimate_id: row.estimate_id, ai };
  }
  const [existing] = await sequelize.query<{ id: number; media: MediaItem[] }>(
    'SELECT id, media FROM chat_messages WHERE org_id = :org_id AND chat_id = :chat_id AND telegram_message_id = :mid',
    {
      replacements: { org_id: input.org_id, chat_id: input.chat.id, mid: input.telegram_message_id },
      type: QueryTypes.SELECT,
      ...(transaction ? { transaction } : {}),
    },
  );
  return { id: existing!.id, ...owner, created: false, pendingMedia: existing!.media.some((m) => !m.key), estimate_id: null, ai: null };
}

/**
 * Stores an inbound Telegram message in its person's conversation. A known person's message is one
 * statement; a first contact creates the lead and the message in one transaction. `message.created`
 * is published with the commit; after it, media is handed to the `media.ingest` job.
 */
export async function storeInbound(deps: InboundDeps, input: InboundMessage): Promise<StoredMessage> {
  const { sequelize } = deps;
  const known = knownOwner(input);
  const stored = known
    ? await insertMessage(deps, input, known)
    : await sequelize.transaction(async (transaction) => insertMessage(deps, input, await createdOwner(deps, input, transaction), transaction));
  await afterStore(deps, input, stored);
  return {
    id: stored.id,
    lead_id: stored.lead_id,
    user_id: stored.user_id,
    group_id: stored.group_id ?? null,
    created: stored.created,
    estimate_id: stored.estimate_id ?? null,
    ai: stored.ai,
  };
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
export async function applyInboundEdit(
  deps: InboundDeps,
  input: { org_id: number; chat_id: number; telegram_message_id: number; content: string; edited_at: Date },
) {
  const rows = await deps.sequelize.query<{ id: number; lead_id: number | null; user_id: number | null }>(
    `UPDATE chat_messages SET original_content = COALESCE(original_content, content), content = :content,
       edited_at = :edited_at, updated_at = now()
     WHERE org_id = :org_id AND chat_id = :chat_id AND telegram_message_id = :telegram_message_id AND direction = 'inbound'
     RETURNING id, lead_id, user_id`,
    { replacements: input, type: QueryTypes.SELECT },
  );
  const row = rows[0];
  if (!row) return null;
  await publishEvent(deps.sequelize, { org_id: input.org_id, type: 'message.updated', data: row });
  return row;
}
