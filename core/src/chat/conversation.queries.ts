import { z } from 'zod';
import { QueryTypes, type Sequelize, type SqlTransaction } from '@crm/database';
import { DomainError, notFound } from '../errors.js';
import { parseInput } from '../validation.js';

/**
 * A conversation is one person's thread: `lead-<id>` for a lead (a client keeps their lead's
 * thread), `user-<id>` for a staff member or a client without a lead (messages with `user_id` and no
 * `lead_id`), or one Telegram group's: `group-<id>` (a group linked to a project is that project's
 * conversation). A bare number is read as a lead id.
 */
export type ConversationKind = 'lead' | 'user' | 'group';
export type ConversationRef = { kind: ConversationKind; id: number };

export function parseConversationId(raw: unknown): ConversationRef {
  const text = String(raw ?? '');
  const match = /^(?:(lead|user|group)-)?([1-9]\d{0,9})$/.exec(text);
  if (!match || Number(match[2]) > 2_147_483_647) throw notFound('Conversation');
  return { kind: (match[1] ?? 'lead') as ConversationKind, id: Number(match[2]) };
}

export const conversationId = (ref: ConversationRef) => `${ref.kind}-${ref.id}`;

export interface ConversationRow {
  id: string;
  kind: ConversationKind;
  lead_id: number | null;
  user_id: number | null;
  group_id: number | null;
  project_id: number | null;
  project_name: string | null;
  /** The group's own title in Telegram (the conversation is named after its project once linked). */
  group_title: string | null;
  name: string;
  username: string | null;
  phone: string | null;
  role: string | null;
  telegram_id: number | null;
  chat_id: number | null;
  status: string | null;
  manager_id: number | null;
  manager_name: string | null;
  ai_enabled: boolean | null;
  ai_paused_reason: string | null;
  needs_manager: boolean;
  unreachable: boolean;
  unread_count: number;
  hotness: number | null;
  last_message_at: Date | null;
  created_at: Date;
  /** Set while the conversation is resolved (an inbound message reopens it). */
  resolved_at: Date | null;
  resolved_by: number | null;
  labels: ConversationLabel[];
}

export interface ConversationLabel { id: number; name: string; color: string }

// Every kind of thread as one relation; every branch is scoped to the organization. Listing shows
// threads with some activity; one asked for by id is found whenever its lead, user or group exists.
function conversationsSql(only?: ConversationRef): string {
  const groupWhere = only ? (only.kind === 'group' ? 'AND g.id = :ref_id' : 'AND FALSE') : '';
  const leadWhere = only ? (only.kind === 'lead' ? 'AND l.id = :ref_id' : 'AND FALSE') : `AND (l.telegram_id IS NOT NULL
    OR l.chat_id IS NOT NULL OR l.last_message_at IS NOT NULL
    OR EXISTS (SELECT 1 FROM chat_messages m WHERE m.org_id = :org_id AND m.lead_id = l.id))`;
  const userWhere = only ? (only.kind === 'user' ? 'AND u.id = :ref_id' : 'AND FALSE') : `AND EXISTS (SELECT 1 FROM chat_messages m
    WHERE m.org_id = :org_id AND m.user_id = u.id AND m.lead_id IS NULL)
    AND NOT EXISTS (SELECT 1 FROM leads l2 WHERE l2.org_id = :org_id AND l2.client_id = u.id)`;
  return `
  SELECT 'lead-' || l.id AS id, 'lead' AS kind, l.id AS lead_id, l.client_id AS user_id, l.name, l.username, l.phone,
    CASE WHEN l.client_id IS NULL THEN 'lead' ELSE 'client' END AS role, l.telegram_id, l.chat_id,
    l.status::text AS status, l.manager_id, l.ai_enabled, l.ai_paused_reason, l.needs_manager, l.unreachable,
    l.unread_count, l.hotness, l.last_message_at, l.created_at,
    NULL::int AS group_id, NULL::int AS project_id, NULL::text AS project_name, NULL::text AS group_title
  FROM leads l
  WHERE l.org_id = :org_id ${leadWhere}
  UNION ALL
  SELECT 'user-' || u.id, 'user', NULL, u.id, u.name, u.telegram_username, u.phone, u.role::text, u.telegram_id, u.telegram_id,
    NULL, u.manager_id, NULL, NULL, FALSE, u.unreachable,
    (SELECT count(*)::int FROM chat_messages m WHERE m.org_id = :org_id AND m.user_id = u.id AND m.lead_id IS NULL
      AND m.direction = 'inbound' AND m.read_at IS NULL),
    NULL,
    (SELECT max(m.created_at) FROM chat_messages m WHERE m.org_id = :org_id AND m.user_id = u.id AND m.lead_id IS NULL),
    u.created_at, NULL, NULL, NULL, NULL
  FROM users u
  WHERE u.org_id = :org_id ${userWhere}
  UNION ALL
  SELECT 'group-' || g.id, 'group', NULL, NULL, COALESCE(p.name, g.title), NULL, NULL, 'group', NULL, g.chat_id,
    NULL, p.manager_id, NULL, NULL, FALSE, g.bot_status <> 'member', g.unread_count, NULL, g.last_message_at, g.created_at,
    g.id, g.project_id, p.name, g.title
  FROM telegram_groups g
  LEFT JOIN projects p ON p.id = g.project_id AND p.org_id = g.org_id
  WHERE g.org_id = :org_id ${groupWhere}`;
}

/**
 * The relation with each conversation's manager's name, its resolved state and its labels. `c.id` is
 * the conversation's key, which is how its state, labels and notes are stored.
 */
const withState = (source: string) => `FROM (${source}) c
  LEFT JOIN resolved_conversations rc ON rc.org_id = :org_id AND rc.conversation_id = c.id`;
const STATE_COLUMNS = `mu.name AS manager_name, rc.resolved_at, rc.resolved_by,
  (SELECT COALESCE(json_agg(json_build_object('id', cl.id, 'name', cl.name, 'color', cl.color) ORDER BY lower(cl.name), cl.id), '[]'::json)
   FROM conversation_labels x JOIN chat_labels cl ON cl.id = x.label_id AND cl.org_id = x.org_id
   WHERE x.org_id = :org_id AND x.conversation_id = c.id) AS labels`;
const MANAGER_JOIN = 'LEFT JOIN users mu ON mu.id = c.manager_id AND mu.org_id = :org_id';

const SORTS: Record<string, string> = {
  last_message_at: 'c.last_message_at', unread_count: 'c.unread_count', name: 'lower(c.name)', status: 'c.status',
  created_at: 'c.created_at', hotness: 'c.hotness',
};

const flag = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());
export const conversationFilter = z.object({
  q: z.string().trim().max(200).optional(),
  kind: z.enum(['lead', 'user', 'group']).optional(),
  status: z.union([z.string().max(40), z.array(z.string().max(40)).max(50)]).optional(),
  manager_id: z.union([z.coerce.number().int().positive(), z.null()]).optional(),
  unread: flag.optional(),
  needs_manager: flag.optional(),
  ai_enabled: flag.optional(),
  id: z.union([z.string().max(40), z.array(z.string().max(40)).max(1000)]).optional(),
  /** Open (the default inbox) or resolved conversations. */
  state: z.enum(['open', 'resolved']).optional(),
  label_id: z.coerce.number().int().positive().optional(),
});
export type ConversationFilter = z.input<typeof conversationFilter>;

export interface ConversationListOptions {
  filter?: ConversationFilter;
  sort?: { field: string; order: 'ASC' | 'DESC' };
  offset?: number;
  limit?: number;
}

export async function listConversations(sequelize: Sequelize, orgId: number, options: ConversationListOptions = {}) {
  const filter = parseInput(conversationFilter, options.filter ?? {}, 'Invalid filter');
  const sortField = options.sort?.field ?? 'last_message_at';
  const sortSql = SORTS[sortField];
  if (!sortSql) throw new DomainError('validation', `Cannot sort by ${sortField}`, { fields: { sort: `must be one of ${Object.keys(SORTS).join(', ')}` } });
  const order = options.sort?.order === 'ASC' ? 'ASC' : 'DESC';

  const where: string[] = [];
  const replacements: Record<string, unknown> = { org_id: orgId, limit: options.limit ?? 25, offset: options.offset ?? 0 };
  if (filter.q) {
    where.push(`(c.name ILIKE :q OR c.username ILIKE :q OR c.phone ILIKE :q)`);
    replacements.q = `%${filter.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  }
  if (filter.kind) { where.push('c.kind = :kind'); replacements.kind = filter.kind; }
  // An empty list matches nothing (and `IN ()` is not SQL).
  const anyOf = (column: string, name: string, values: string[]) => {
    if (values.length === 0) where.push('FALSE');
    else { where.push(`${column} IN (:${name})`); replacements[name] = values; }
  };
  if (filter.status !== undefined) anyOf('c.status', 'status', [filter.status].flat());
  if (filter.manager_id === null) where.push('c.manager_id IS NULL');
  else if (filter.manager_id !== undefined) { where.push('c.manager_id = :manager_id'); replacements.manager_id = filter.manager_id; }
  if (filter.unread !== undefined) where.push(filter.unread ? 'c.unread_count > 0' : 'c.unread_count = 0');
  if (filter.needs_manager !== undefined) { where.push('c.needs_manager = :needs_manager'); replacements.needs_manager = filter.needs_manager; }
  if (filter.ai_enabled !== undefined) { where.push('c.ai_enabled = :ai_enabled'); replacements.ai_enabled = filter.ai_enabled; }
  if (filter.id !== undefined) anyOf('c.id', 'ids', [filter.id].flat());
  if (filter.state) where.push(filter.state === 'open' ? 'rc.conversation_id IS NULL' : 'rc.conversation_id IS NOT NULL');
  if (filter.label_id !== undefined) {
    where.push('EXISTS (SELECT 1 FROM conversation_labels x WHERE x.org_id = :org_id AND x.conversation_id = c.id AND x.label_id = :label_id)');
    replacements.label_id = filter.label_id;
  }

  const rows = await sequelize.query<ConversationRow & { total: number }>(
    `SELECT c.*, ${STATE_COLUMNS}, count(*) OVER ()::int AS total
     ${withState(conversationsSql())}
     ${MANAGER_JOIN}
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${sortSql} ${order} NULLS LAST, c.created_at DESC, c.id
     LIMIT :limit OFFSET :offset`,
    { replacements, type: QueryTypes.SELECT });
  let total = rows[0]?.total;
  if (total === undefined) {
    // An empty page past the end still reports how many there are.
    const [counted] = await sequelize.query<{ total: number }>(
      `SELECT count(*)::int AS total ${withState(conversationsSql())} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      { replacements, type: QueryTypes.SELECT });
    total = counted?.total ?? 0;
  }
  return { rows: rows.map(({ total: _t, ...row }) => row as ConversationRow), total };
}

/** One conversation of the organization; another organization's (or a missing) one is not found. */
export async function getConversation(sequelize: Sequelize, orgId: number, ref: ConversationRef, transaction?: SqlTransaction): Promise<ConversationRow> {
  const rows = await sequelize.query<ConversationRow>(
    `SELECT c.*, ${STATE_COLUMNS} ${withState(conversationsSql(ref))} ${MANAGER_JOIN}`,
    { replacements: { org_id: orgId, ref_id: ref.id }, type: QueryTypes.SELECT, transaction });
  if (!rows[0]) throw notFound('Conversation');
  return rows[0];
}

export interface ConversationCounts { mine: number; unassigned: number; needs_manager: number; unread: number; all: number; resolved: number }

/**
 * The inbox's tabs in one aggregate pass: the open conversations that are the caller's, nobody's,
 * waiting for a manager (the AI handed off or the person asked for one), unread, all of them; and the
 * resolved ones.
 */
export async function conversationCounts(sequelize: Sequelize, orgId: number, managerId: number): Promise<ConversationCounts> {
  const [row] = await sequelize.query<ConversationCounts>(
    `SELECT
       count(*) FILTER (WHERE rc.conversation_id IS NULL AND c.manager_id = :manager_id)::int AS mine,
       count(*) FILTER (WHERE rc.conversation_id IS NULL AND c.manager_id IS NULL)::int AS unassigned,
       count(*) FILTER (WHERE rc.conversation_id IS NULL AND c.needs_manager)::int AS needs_manager,
       count(*) FILTER (WHERE rc.conversation_id IS NULL AND c.unread_count > 0)::int AS unread,
       count(*) FILTER (WHERE rc.conversation_id IS NULL)::int AS "all",
       count(*) FILTER (WHERE rc.conversation_id IS NOT NULL)::int AS resolved
     ${withState(conversationsSql())}`,
    { replacements: { org_id: orgId, manager_id: managerId }, type: QueryTypes.SELECT });
  return row!;
}

/** The conversation a stored message belongs to, or null for a message without a person. */
export async function conversationOfMessage(sequelize: Sequelize, message: { org_id: number; lead_id: number | null; user_id: number | null; group_id?: number | null }): Promise<ConversationRef | null> {
  if (message.group_id) return { kind: 'group', id: message.group_id };
  if (message.lead_id) return { kind: 'lead', id: message.lead_id };
  if (!message.user_id) return null;
  const [lead] = await sequelize.query<{ id: number }>(
    'SELECT id FROM leads WHERE org_id = :org_id AND client_id = :user_id ORDER BY id LIMIT 1',
    { replacements: { org_id: message.org_id, user_id: message.user_id }, type: QueryTypes.SELECT });
  return lead ? { kind: 'lead', id: lead.id } : { kind: 'user', id: message.user_id };
}
