import { Lead, QueryTypes, selectRows, type MediaItem, type Sequelize, type SqlTransaction } from '@crm/database';
import { grouped } from '../grouped.js';
import { createLead } from '../leads/lead.service.js';
import { JOBS } from '../jobs/contracts.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Logger } from '../logger.js';
import { eventTemplate, notifySql, publishEvent } from '../events/publish.js';
import { PROMPTED_ESTIMATE_SQL, QUESTION_PROMPT_SQL } from '../estimates/questions.js';
import { recordGroupChat } from '../groups/telegram-groups.js';
import type { RecognisedPerson } from '../people/recognise.js';
import { reopenOnInboundSql } from './inbox-state.service.js';

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
  /**
   * What follows a new message (the lead's phone and source, the AI turn) is due: the message is new,
   * or an earlier attempt of the same update stored it and nothing has been sent to its lead since
   * (that attempt may have stopped before its follow-ups, at a database restart; each is idempotent).
   */
  follow_up: boolean;
  /** Set when the message is a client's question about an estimate (after its "Questions" button). */
  estimate_id?: number | null;
  /** For a message of a lead: what deciding on an AI turn needs, read with the message's own statement. */
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

// One statement for many messages (see storeMessages): each input row with its message id drawn up
// front, so the rows the statement stores are matched to their inputs by id.
const STORE_MESSAGES_SQL = `WITH input AS (
    SELECT x.*, nextval(pg_get_serial_sequence('chat_messages', 'id')) AS new_id
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS x(i int, org_id int, lead_id int, user_id int, sender_id int, group_id int,
      author_name text, kind text, content text, media jsonb, chat_id bigint, telegram_message_id bigint, media_group_id text,
      edited_at timestamptz, reply_to bigint, asks boolean, event text)
  ), prompt AS (
    ${QUESTION_PROMPT_SQL('input')}
  ), ins AS (
    INSERT INTO chat_messages (id, org_id, lead_id, user_id, sender_id, group_id, author_name, direction, kind, content, media, chat_id,
      telegram_message_id, media_group_id, status, edited_at, reply_to_id, estimate_id)
    SELECT new_id, org_id, lead_id, user_id, sender_id, group_id, author_name, 'inbound'::message_direction, kind, content, media, chat_id,
      telegram_message_id, media_group_id, 'received'::delivery_status, edited_at,
      (SELECT r.id FROM chat_messages r WHERE r.org_id = input.org_id AND r.chat_id = input.chat_id AND r.telegram_message_id = input.reply_to
       ORDER BY r.id LIMIT 1),
      ${PROMPTED_ESTIMATE_SQL('input')}
    FROM input ORDER BY input.i
    ON CONFLICT (org_id, chat_id, telegram_message_id) WHERE telegram_message_id IS NOT NULL DO NOTHING
    RETURNING id, org_id, lead_id, user_id, group_id, estimate_id
  ), bump AS (
    UPDATE leads l SET last_message_at = now(), last_activity_at = now(), unread_count = l.unread_count + n.messages, updated_at = now()
    FROM (SELECT org_id, lead_id, count(*)::int AS messages FROM ins WHERE lead_id IS NOT NULL GROUP BY org_id, lead_id) n
    WHERE l.id = n.lead_id AND l.org_id = n.org_id
  ), bump_group AS (
    UPDATE telegram_groups g SET last_message_at = now(), unread_count = g.unread_count + n.messages
    FROM (SELECT org_id, group_id, count(*)::int AS messages FROM ins WHERE group_id IS NOT NULL GROUP BY org_id, group_id) n
    WHERE g.id = n.group_id AND g.org_id = n.org_id
  ), reopen AS (
    ${reopenOnInboundSql('ins')}
  )
  SELECT input.i, ins.id, ins.estimate_id, ${notifySql('input.event', 'ins.id')}, o.ai_enabled AS org_ai_enabled,
    (SELECT max(m.id) FROM chat_messages m WHERE m.org_id = ins.org_id AND m.lead_id = ins.lead_id AND m.direction = 'outbound') AS last_outbound_id
  FROM ins JOIN input ON input.new_id = ins.id JOIN organizations o ON o.id = ins.org_id`;

type Stored = Omit<StoredMessage, 'group_id'> & Owner & { pendingMedia: boolean };

/**
 * One statement for all these messages: each message row and, when it is new, its lead's or group's
 * unread count and last activity, its conversation reopened, and `message.created` published (on
 * commit). The same Telegram message stored twice (a retried update) stays one row and is announced once.
 */
async function storeMessages(sequelize: Sequelize, entries: Array<{ input: InboundMessage; owner: Owner }>, transaction?: SqlTransaction): Promise<Stored[]> {
  const rows = entries.map(({ input, owner }, i) => ({
    i,
    org_id: input.org_id,
    lead_id: owner.lead_id,
    user_id: owner.user_id,
    sender_id: owner.sender_id,
    group_id: owner.group_id ?? null,
    author_name: owner.author_name ?? null,
    kind: input.kind,
    content: input.content,
    media: input.media,
    chat_id: input.chat.id,
    telegram_message_id: input.telegram_message_id,
    media_group_id: input.media_group_id ?? null,
    edited_at: input.edited_at ?? null,
    reply_to: input.reply_to_telegram_message_id ?? null,
    // A client who tapped "Questions" under an estimate: this message is the question about it.
    asks: input.chat.type === 'private' && input.kind !== 'callback' && input.person.user?.role === 'client',
    event: eventTemplate({ org_id: input.org_id, type: 'message.created', data: { lead_id: owner.lead_id, user_id: owner.user_id } }),
  }));
  const stored = await selectRows<{ i: number; id: number; estimate_id: number | null; org_ai_enabled: boolean; last_outbound_id: number | null }>(
    sequelize,
    STORE_MESSAGES_SQL,
    { rows: JSON.stringify(rows) },
    transaction,
  );
  const byInput = new Map(stored.map((row) => [row.i, row]));
  return Promise.all(
    entries.map(async ({ input, owner }, i): Promise<Stored> => {
      const row = byInput.get(i);
      if (row) {
        const ai = owner.lead_id
          ? { org_enabled: row.org_ai_enabled, last_outbound_id: row.last_outbound_id === null ? null : Number(row.last_outbound_id) }
          : null;
        return { id: Number(row.id), ...owner, created: true, follow_up: true, pendingMedia: input.media.length > 0, estimate_id: row.estimate_id, ai };
      }
      const [existing] = await selectRows<{ id: number; media: MediaItem[]; org_ai_enabled: boolean; last_outbound_id: number | null }>(
        sequelize,
        `SELECT m.id, m.media, o.ai_enabled AS org_ai_enabled,
           (SELECT max(x.id) FROM chat_messages x WHERE x.org_id = m.org_id AND x.lead_id = m.lead_id AND x.direction = 'outbound') AS last_outbound_id
         FROM chat_messages m JOIN organizations o ON o.id = m.org_id
         WHERE m.org_id = :org_id AND m.chat_id = :chat_id AND m.telegram_message_id = :mid`,
        { org_id: input.org_id, chat_id: input.chat.id, mid: input.telegram_message_id },
        transaction,
      );
      const id = Number(existing!.id);
      const lastOutbound = existing!.last_outbound_id === null ? null : Number(existing!.last_outbound_id);
      return {
        id,
        ...owner,
        created: false,
        follow_up: owner.lead_id !== null && (lastOutbound === null || lastOutbound < id),
        pendingMedia: existing!.media.some((m) => !m.key),
        estimate_id: null,
        ai: owner.lead_id ? { org_enabled: existing!.org_ai_enabled, last_outbound_id: lastOutbound } : null,
      };
    }),
  );
}

/**
 * A known person's message, stored with the messages of every other update being processed meanwhile
 * (one statement and one commit for all of them; see `grouped`).
 */
const storeKnown = new WeakMap<Sequelize, (entry: { input: InboundMessage; owner: Owner }) => Promise<Stored>>();
function storeKnownFor(sequelize: Sequelize) {
  let store = storeKnown.get(sequelize);
  if (!store) {
    store = grouped((entries: Array<{ input: InboundMessage; owner: Owner }>) => storeMessages(sequelize, entries));
    storeKnown.set(sequelize, store);
  }
  return store;
}

/**
 * Stores an inbound Telegram message in its person's conversation. A known person's message goes in
 * one statement with the messages of the other updates in flight; a first contact (or a group's
 * message) creates the lead (or records the group) and the message in one transaction. `message.created`
 * is published with the commit; after it, media is handed to the `media.ingest` job.
 */
export async function storeInbound(deps: InboundDeps, input: InboundMessage): Promise<StoredMessage> {
  const { sequelize } = deps;
  const known = knownOwner(input);
  const stored = known
    ? await storeKnownFor(sequelize)({ input, owner: known })
    : await sequelize.transaction(
        async (transaction) => (await storeMessages(sequelize, [{ input, owner: await createdOwner(deps, input, transaction) }], transaction))[0]!,
      );
  await afterStore(deps, input, stored);
  return {
    id: stored.id,
    lead_id: stored.lead_id,
    user_id: stored.user_id,
    group_id: stored.group_id ?? null,
    created: stored.created,
    follow_up: stored.follow_up,
    estimate_id: stored.estimate_id ?? null,
    ai: stored.ai,
  };
}

async function afterStore(deps: InboundDeps, input: InboundMessage, stored: Stored) {
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
