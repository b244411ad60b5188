import type * as Wire from '@crm/contracts';
import { z } from 'zod';
import { selectRows, type Sequelize } from '@crm/database';
import { notFound } from '../errors.js';
import { parseInput } from '../validation.js';
import {
  conversationId,
  conversationOfMessage,
  getConversation,
  listConversations,
  type ConversationListOptions,
  type ConversationRef,
  type ConversationRow,
} from './conversation.queries.js';
import { notesBetween } from './notes.service.js';
import { conversationView, messageView, type ConversationView, type MessageRow, type MessageView } from './message-view.js';
import type { SignKey } from '../storage/storage.js';

const MESSAGE_COLUMNS = `m.id, m.org_id, m.lead_id, m.user_id, m.group_id, m.sender_id, COALESCE(s.name, m.author_name) AS sender_name, m.direction, m.kind, m.content,
  m.media, m.chat_id, m.telegram_message_id, m.media_group_id, m.reply_to_id, r.content AS reply_to_content, r.kind AS reply_to_kind,
  r.direction AS reply_to_direction, COALESCE(rs.name, r.author_name) AS reply_to_sender, m.status, m.error, m.attempts, m.next_attempt_at, m.media_state, m.media_error, m.edited_at, m.original_content,
  m.read_at, m.sent_at, m.created_at, m.updated_at, m.estimate_id,
  (SELECT json_build_object('id', e.id, 'title', e.title, 'version', e.version) FROM estimates e WHERE e.id = m.estimate_id AND e.org_id = m.org_id) AS estimate`;
// The sender's name by primary key for each message shown: a join would read every user of the
// organization (to hash them) for a page of 30 messages; the LIMIT keeps the planner from turning it into one.
const SENDER = `LEFT JOIN LATERAL (SELECT name FROM users s WHERE s.id = m.sender_id AND s.org_id = m.org_id LIMIT 1) s ON TRUE
  LEFT JOIN chat_messages r ON r.id = m.reply_to_id AND r.org_id = m.org_id
  LEFT JOIN LATERAL (SELECT name FROM users rs WHERE rs.id = r.sender_id AND rs.org_id = r.org_id LIMIT 1) rs ON TRUE`;
const FROM_MESSAGES = `FROM chat_messages m ${SENDER}`;
// A lead's thread also holds its client's messages that were stored without the lead; a group's
// thread is its group's messages.
const inThread = (conversation: ConversationRow) =>
  conversation.kind === 'group' ? 'm.group_id = :group_id' : '(m.lead_id = :lead_id OR (m.lead_id IS NULL AND m.user_id = :user_id AND m.group_id IS NULL))';

/**
 * The newest `:limit` messages of a thread (older than `:before` when paging back), one branch per
 * kind of row so that each reads its index newest first and stops after a page: an OR of the two
 * would walk the organization's messages by id until it had found a page, all of them for a
 * thread that has been silent for long.
 */
function threadPageSql(thread: { lead_id: number | null; user_id: number | null; group_id: number | null }, before: boolean): string {
  const older = before ? 'AND x.id < :before' : '';
  if (thread.group_id !== null)
    return `(SELECT * FROM chat_messages x WHERE x.org_id = :org_id AND x.group_id = :group_id ${older} ORDER BY x.id DESC LIMIT :limit)`;
  const branches = [
    ...(thread.lead_id !== null ? [`SELECT * FROM chat_messages x WHERE x.org_id = :org_id AND x.lead_id = :lead_id ${older}`] : []),
    ...(thread.user_id !== null
      ? [`SELECT * FROM chat_messages x WHERE x.org_id = :org_id AND x.lead_id IS NULL AND x.user_id = :user_id AND x.group_id IS NULL ${older}`]
      : []),
  ];
  if (!branches.length) return 'SELECT * FROM chat_messages x WHERE FALSE';
  return branches.map((branch) => `(${branch} ORDER BY x.id DESC LIMIT :limit)`).join(' UNION ALL ');
}

/** The newest message of each conversation of a page, in one query. */
async function lastMessages(sequelize: Sequelize, orgId: number, rows: ConversationRow[]): Promise<Map<string, MessageRow>> {
  if (rows.length === 0) return new Map();
  const found = await selectRows<MessageRow & { conversation: string }>(
    sequelize,
    `SELECT t.conversation, ${MESSAGE_COLUMNS}
     FROM unnest(ARRAY[:ids]::text[], ARRAY[:lead_ids]::int[], ARRAY[:user_ids]::int[], ARRAY[:group_ids]::int[]) AS t(conversation, lead_id, user_id, group_id)
     CROSS JOIN LATERAL (
       SELECT * FROM (
         (SELECT * FROM chat_messages x WHERE x.org_id = :org_id AND x.lead_id = t.lead_id ORDER BY x.id DESC LIMIT 1)
         UNION ALL
         (SELECT * FROM chat_messages x WHERE x.org_id = :org_id AND x.lead_id IS NULL AND x.user_id = t.user_id AND x.group_id IS NULL ORDER BY x.id DESC LIMIT 1)
         UNION ALL
         (SELECT * FROM chat_messages x WHERE x.org_id = :org_id AND x.group_id = t.group_id ORDER BY x.id DESC LIMIT 1)
       ) y ORDER BY y.id DESC LIMIT 1
     ) m
     ${SENDER}`,
    {
      org_id: orgId,
      ids: rows.map((r) => r.id),
      lead_ids: rows.map((r) => r.lead_id),
      user_ids: rows.map((r) => r.user_id),
      group_ids: rows.map((r) => r.group_id),
    },
  );
  return new Map(found.map((row) => [row.conversation, row]));
}

export async function listConversationViews(sequelize: Sequelize, orgId: number, options: ConversationListOptions = {}) {
  const { rows, total } = await listConversations(sequelize, orgId, options);
  const last = await lastMessages(sequelize, orgId, rows);
  return { data: rows.map((row) => conversationView(row, last.get(row.id) ?? null)), total };
}

export async function getConversationView(sequelize: Sequelize, orgId: number, ref: ConversationRef): Promise<ConversationView> {
  const row = await getConversation(sequelize, orgId, ref);
  const last = await lastMessages(sequelize, orgId, [row]);
  return conversationView(row, last.get(row.id) ?? null);
}

const messagePageQuery = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(30),
});

export type MessagePage = Wire.MessagePage<Date>;

/**
 * A page of a conversation, newest first. Albums are returned whole, as one message, on the page
 * that reaches their newest row; later pages leave them out.
 */
export async function listMessages(sequelize: Sequelize, orgId: number, ref: ConversationRef, query: unknown, sign?: SignKey): Promise<MessagePage> {
  const { before, limit } = parseInput(messagePageQuery, query, 'Invalid page');
  const conversation = await getConversation(sequelize, orgId, ref);
  const params = { org_id: orgId, lead_id: conversation.lead_id, user_id: conversation.user_id, group_id: conversation.group_id, before, limit: limit + 1 };
  const raw = await selectRows<MessageRow>(
    sequelize,
    `SELECT ${MESSAGE_COLUMNS} FROM (${threadPageSql(conversation, Boolean(before))}) m
     ${SENDER}
     ORDER BY m.id DESC LIMIT :limit`,
    params,
  );
  const hasMore = raw.length > limit;
  const page = raw.slice(0, limit);

  const groupIds = [...new Set(page.map((row) => row.media_group_id).filter((g): g is string => Boolean(g)))];
  const groups = new Map<string, MessageRow[]>();
  if (groupIds.length) {
    const members = await selectRows<MessageRow>(
      sequelize,
      `SELECT ${MESSAGE_COLUMNS} ${FROM_MESSAGES}
       WHERE m.org_id = :org_id AND ${inThread(conversation)} AND m.media_group_id IN (:group_ids) ORDER BY m.id`,
      { ...params, group_ids: groupIds },
    );
    for (const row of members) groups.set(row.media_group_id!, [...(groups.get(row.media_group_id!) ?? []), row]);
  }

  const id = conversationId(ref);
  const items: MessageRow[][] = [];
  const seen = new Set<string>();
  for (const row of page) {
    const group = row.media_group_id ? groups.get(row.media_group_id) : undefined;
    if (!group) {
      items.push([row]);
      continue;
    }
    if (seen.has(row.media_group_id!)) continue;
    seen.add(row.media_group_id!);
    const newest = Math.max(...group.map((r) => r.id));
    if (before && newest >= before) continue; // shown whole on an earlier page
    items.push(group);
  }
  const data = await Promise.all(items.map((rows) => messageView(rows, id, sign)));
  data.sort((a, b) => b.id - a.id);
  // The notes of the same span: from the oldest message of the page (all earlier ones on the last
  // page) up to the message the page started before.
  const [upper] = before
    ? await selectRows<{ created_at: Date }>(sequelize, 'SELECT created_at FROM chat_messages WHERE org_id = :org_id AND id = :before', {
        org_id: orgId,
        before,
      })
    : [];
  const notes = await notesBetween(sequelize, orgId, ref, {
    from: hasMore ? page[page.length - 1]!.created_at : null,
    before: before ? (upper?.created_at ?? null) : null,
  });
  return { data, notes, has_more: hasMore, next_before: hasMore ? page[page.length - 1]!.id : null };
}

/** One message as the chat shows it (its whole album, if any), for real-time events. */
export async function loadMessageView(sequelize: Sequelize, orgId: number, messageId: number, sign?: SignKey): Promise<MessageView> {
  const [row] = await selectRows<MessageRow>(sequelize, `SELECT ${MESSAGE_COLUMNS} ${FROM_MESSAGES} WHERE m.org_id = :org_id AND m.id = :id`, {
    org_id: orgId,
    id: messageId,
  });
  if (!row) throw notFound('Message');
  let rows = [row];
  if (row.media_group_id) {
    rows = await selectRows<MessageRow>(
      sequelize,
      `SELECT ${MESSAGE_COLUMNS} ${FROM_MESSAGES}
       WHERE m.org_id = :org_id AND m.media_group_id = :group AND m.chat_id IS NOT DISTINCT FROM :chat_id ORDER BY m.id`,
      { org_id: orgId, group: row.media_group_id, chat_id: row.chat_id },
    );
  }
  const ref = await conversationOfMessage(sequelize, row);
  return messageView(rows, ref ? conversationId(ref) : null, sign);
}
