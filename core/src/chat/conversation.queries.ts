import { z } from 'zod';
import { CONVERSATION_KINDS, CONVERSATION_STATES, type ConversationCounts, type ConversationKind, type ConversationLabel } from '@crm/contracts';
import { selectRows, type Sequelize, type SqlTransaction } from '@crm/database';
import { DomainError, notFound } from '../errors.js';
import { parseInput } from '../validation.js';

/**
 * A conversation is one person's thread: `lead-<id>` for a lead (a client keeps their lead's
 * thread), `user-<id>` for a staff member or a client without a lead (messages with `user_id` and no
 * `lead_id`), or one Telegram group's: `group-<id>` (a group linked to a project is that project's
 * conversation). A bare number is read as a lead id.
 */
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

// Every kind of thread, one SELECT per kind; every branch is scoped to the organization. Listing
// shows threads with some activity; one asked for by id is found whenever its lead, user or group exists.
// `ref_id` is the lead's, user's or group's id: with `kind`, the list's last tie-break.
const COLUMNS = `id, kind, ref_id, lead_id, user_id, name, username, phone, role, telegram_id, chat_id, status, manager_id, ai_enabled,
  ai_paused_reason, needs_manager, unreachable, unread_count, hotness, last_message_at, created_at, group_id, project_id, project_name, group_title`;
/** One branch as a relation named `c` with the conversation's columns. */
const asC = (branch: string) => `(${branch}) c(${COLUMNS})`;

/**
 * `resolvedOnly`: each kind is read from the organization's (few) resolved conversations by primary
 * key, rather than walking all of the firm's conversations to find them.
 */
function conversationBranches(only?: ConversationRef, resolvedOnly = false): string[] {
  const resolved = (kind: ConversationKind, column: string) =>
    resolvedOnly
      ? `AND ${column} IN (SELECT substr(r.conversation_id, ${kind.length + 2})::int FROM resolved_conversations r
      WHERE r.org_id = :org_id AND r.conversation_id LIKE '${kind}-%')`
      : '';
  const groupWhere = only ? (only.kind === 'group' ? 'AND g.id = :ref_id' : 'AND FALSE') : '';
  // A lead with messages always has last_message_at (every writer sets it), so this is the predicate
  // of the leads' conversation index.
  const leadWhere = only
    ? only.kind === 'lead'
      ? 'AND l.id = :ref_id'
      : 'AND FALSE'
    : 'AND (l.telegram_id IS NOT NULL OR l.chat_id IS NOT NULL OR l.last_message_at IS NOT NULL)';
  // A person's own thread: last_message_at and unread_count are kept on the user row (migration 0021).
  const userWhere = only
    ? only.kind === 'user'
      ? 'AND u.id = :ref_id'
      : 'AND FALSE'
    : `AND u.last_message_at IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM leads l2 WHERE l2.org_id = :org_id AND l2.client_id = u.id)`;
  return [
    `
  SELECT 'lead-' || l.id AS id, 'lead' AS kind, l.id AS ref_id, l.id AS lead_id, l.client_id AS user_id, l.name, l.username, l.phone,
    CASE WHEN l.client_id IS NULL THEN 'lead' ELSE 'client' END AS role, l.telegram_id, l.chat_id,
    l.status::text AS status, l.manager_id, l.ai_enabled, l.ai_paused_reason, l.needs_manager, l.unreachable,
    l.unread_count, l.hotness, l.last_message_at, l.created_at,
    NULL::int AS group_id, NULL::int AS project_id, NULL::text AS project_name, NULL::text AS group_title
  FROM leads l
  WHERE l.org_id = :org_id ${leadWhere} ${resolved('lead', 'l.id')}`,
    `
  SELECT 'user-' || u.id, 'user', u.id, NULL::int, u.id, u.name, u.telegram_username, u.phone, u.role::text, u.telegram_id, u.telegram_id,
    NULL::text, u.manager_id, NULL::boolean, NULL::text, FALSE, u.unreachable, u.unread_count, NULL::int, u.last_message_at,
    u.created_at, NULL::int, NULL::int, NULL::text, NULL::text
  FROM users u
  WHERE u.org_id = :org_id ${userWhere} ${resolved('user', 'u.id')}`,
    `
  SELECT 'group-' || g.id, 'group', g.id, NULL::int, NULL::int, COALESCE(p.name, g.title), NULL::text, NULL::text, 'group', NULL::bigint, g.chat_id,
    NULL::text, p.manager_id, NULL::boolean, NULL::text, FALSE, g.bot_status <> 'member', g.unread_count, NULL::int, g.last_message_at, g.created_at,
    g.id, g.project_id, p.name, g.title
  FROM telegram_groups g
  LEFT JOIN projects p ON p.id = g.project_id AND p.org_id = g.org_id
  WHERE g.org_id = :org_id ${groupWhere} ${resolved('group', 'g.id')}`,
  ];
}

/**
 * Each conversation's resolved state (per branch, so a filter on it is applied before the page is
 * cut), then its manager's name and labels for the rows of the page only. `c.id` is the
 * conversation's key, which is how its state, labels and notes are stored.
 */
const withState = (source: string) => `FROM ${source}
  LEFT JOIN resolved_conversations rc ON rc.org_id = :org_id AND rc.conversation_id = c.id`;
const BRANCH_COLUMNS = 'c.*, rc.resolved_at, rc.resolved_by';
const PAGE_COLUMNS = `c.*, mu.name AS manager_name,
  (SELECT COALESCE(json_agg(json_build_object('id', cl.id, 'name', cl.name, 'color', cl.color) ORDER BY lower(cl.name), cl.id), '[]'::json)
   FROM conversation_labels x JOIN chat_labels cl ON cl.id = x.label_id AND cl.org_id = x.org_id
   WHERE x.org_id = :org_id AND x.conversation_id = c.id) AS labels`;
const MANAGER_JOIN = 'LEFT JOIN users mu ON mu.id = c.manager_id AND mu.org_id = :org_id';

const SORTS: Record<string, string> = {
  last_message_at: 'c.last_message_at',
  unread_count: 'c.unread_count',
  name: 'lower(c.name)',
  status: 'c.status',
  created_at: 'c.created_at',
  hotness: 'c.hotness',
};

/** Past this many conversations the list says "more than" instead of counting them all. */
const CONVERSATION_COUNT_CAP = 1000;

const flag = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());
const conversationFilter = z.object({
  q: z.string().trim().max(200).optional(),
  kind: z.enum(CONVERSATION_KINDS).optional(),
  status: z.union([z.string().max(40), z.array(z.string().max(40)).max(50)]).optional(),
  manager_id: z.union([z.coerce.number().int().positive(), z.null()]).optional(),
  unread: flag.optional(),
  needs_manager: flag.optional(),
  ai_enabled: flag.optional(),
  id: z.union([z.string().max(40), z.array(z.string().max(40)).max(1000)]).optional(),
  /** Open (the default inbox) or resolved conversations. */
  state: z.enum(CONVERSATION_STATES).optional(),
  label_id: z.coerce.number().int().positive().optional(),
});
type ConversationFilter = z.input<typeof conversationFilter>;

export interface ConversationListOptions {
  filter?: ConversationFilter;
  sort?: { field: string; order: 'ASC' | 'DESC' };
  offset?: number;
  limit?: number;
}

/**
 * One page of the organization's conversations and their total: exact up to
 * `CONVERSATION_COUNT_CAP` (or the end of the page, when deeper), `null` beyond it ("more than").
 *
 * Each kind of thread is filtered, ordered and cut to `offset + limit` rows on its own, so each reads
 * its own index in list order and stops early (a union ordered as a whole would build and sort every
 * conversation of the firm first); the page is then taken from those few rows.
 */
export async function listConversations(sequelize: Sequelize, orgId: number, options: ConversationListOptions = {}) {
  const filter = parseInput(conversationFilter, options.filter ?? {}, 'Invalid filter');
  const sortField = options.sort?.field ?? 'last_message_at';
  const sortSql = SORTS[sortField];
  if (!sortSql) throw new DomainError('validation', `Cannot sort by ${sortField}`, { fields: { sort: `must be one of ${Object.keys(SORTS).join(', ')}` } });
  const order = options.sort?.order === 'ASC' ? 'ASC' : 'DESC';
  const offset = options.offset ?? 0;
  const limit = options.limit ?? 25;

  const where: string[] = [];
  const replacements: Record<string, unknown> = { org_id: orgId, limit, offset, window: offset + limit };
  if (filter.q) {
    where.push(`(c.name ILIKE :q OR c.username ILIKE :q OR c.phone ILIKE :q)`);
    replacements.q = `%${filter.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  }
  if (filter.kind) {
    where.push('c.kind = :kind');
    replacements.kind = filter.kind;
  }
  // An empty list matches nothing (and `IN ()` is not SQL).
  const anyOf = (column: string, name: string, values: unknown[]) => {
    if (values.length === 0) where.push('FALSE');
    else {
      where.push(`${column} IN (:${name})`);
      replacements[name] = values;
    }
  };
  if (filter.status !== undefined) anyOf('c.status', 'status', [filter.status].flat());
  if (filter.manager_id === null) where.push('c.manager_id IS NULL');
  else if (filter.manager_id !== undefined) {
    where.push('c.manager_id = :manager_id');
    replacements.manager_id = filter.manager_id;
  }
  if (filter.unread !== undefined) where.push(filter.unread ? 'c.unread_count > 0' : 'c.unread_count = 0');
  if (filter.needs_manager !== undefined) {
    where.push('c.needs_manager = :needs_manager');
    replacements.needs_manager = filter.needs_manager;
  }
  if (filter.ai_enabled !== undefined) {
    where.push('c.ai_enabled = :ai_enabled');
    replacements.ai_enabled = filter.ai_enabled;
  }
  if (filter.state) where.push(filter.state === 'open' ? 'rc.conversation_id IS NULL' : 'rc.conversation_id IS NOT NULL');
  if (filter.label_id !== undefined) {
    where.push('EXISTS (SELECT 1 FROM conversation_labels x WHERE x.org_id = :org_id AND x.conversation_id = c.id AND x.label_id = :label_id)');
    replacements.label_id = filter.label_id;
  }
  if (filter.id !== undefined) {
    const ids = [filter.id].flat();
    anyOf('c.id', 'ids', ids);
    // The same ids as numbers, so that each branch finds its rows by primary key.
    const refIds = ids
      .map((id) => /^(?:(?:lead|user|group)-)?([1-9]\d{0,9})$/.exec(id)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number)
      .filter((id) => id <= 2_147_483_647);
    anyOf('c.ref_id', 'ref_ids', refIds);
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const orderSql = `${sortSql} ${order} NULLS LAST, c.created_at DESC, c.ref_id DESC, c.kind`;
  const branches = conversationBranches(undefined, filter.state === 'resolved');

  const rows = await selectRows<ConversationRow & { ref_id?: number }>(
    sequelize,
    `SELECT ${PAGE_COLUMNS}
     FROM (${branches.map((branch) => `(SELECT ${BRANCH_COLUMNS} ${withState(asC(branch))} ${whereSql} ORDER BY ${orderSql} LIMIT :window)`).join(' UNION ALL ')}) c
     ${MANAGER_JOIN}
     ORDER BY ${orderSql}
     LIMIT :limit OFFSET :offset`,
    replacements,
  );
  let total: number | null;
  if (rows.length > 0 && rows.length < limit) total = offset + rows.length;
  else {
    // Counted up to the cap (or just past this page), each kind stopping there.
    const bound = Math.max(CONVERSATION_COUNT_CAP, offset + limit) + 1;
    const [counted] = await selectRows<{ total: number }>(
      sequelize,
      `SELECT count(*)::int AS total FROM (${branches.map((branch) => `(SELECT 1 ${withState(asC(branch))} ${whereSql} LIMIT :bound)`).join(' UNION ALL ')}) c`,
      { ...replacements, bound },
    );
    total = (counted?.total ?? 0) >= bound ? null : (counted?.total ?? 0);
  }
  return { rows: rows.map(({ ref_id: _r, ...row }) => row as ConversationRow), total };
}

/** One conversation of the organization; another organization's (or a missing) one is not found. */
export async function getConversation(sequelize: Sequelize, orgId: number, ref: ConversationRef, transaction?: SqlTransaction): Promise<ConversationRow> {
  const rows = await selectRows<ConversationRow>(
    sequelize,
    `SELECT ${PAGE_COLUMNS} FROM (SELECT ${BRANCH_COLUMNS} ${withState(`(${conversationBranches(ref).join(' UNION ALL ')}) c(${COLUMNS})`)}) c ${MANAGER_JOIN}`,
    { org_id: orgId, ref_id: ref.id },
    transaction,
  );
  if (!rows[0]) throw notFound('Conversation');
  return rows[0];
}

export type { ConversationCounts } from '@crm/contracts';

/**
 * The inbox's tabs in one aggregate pass: the open conversations that are the caller's, nobody's,
 * waiting for a manager (the AI handed off or the person asked for one), unread, all of them; and the
 * resolved ones.
 */
export async function conversationCounts(sequelize: Sequelize, orgId: number, managerId: number): Promise<ConversationCounts> {
  const [row] = await selectRows<ConversationCounts>(
    sequelize,
    `SELECT
       count(*) FILTER (WHERE rc.conversation_id IS NULL AND c.manager_id = :manager_id)::int AS mine,
       count(*) FILTER (WHERE rc.conversation_id IS NULL AND c.manager_id IS NULL)::int AS unassigned,
       count(*) FILTER (WHERE rc.conversation_id IS NULL AND c.needs_manager)::int AS needs_manager,
       count(*) FILTER (WHERE rc.conversation_id IS NULL AND c.unread_count > 0)::int AS unread,
       count(*) FILTER (WHERE rc.conversation_id IS NULL)::int AS "all",
       count(*) FILTER (WHERE rc.conversation_id IS NOT NULL)::int AS resolved
     ${withState(`(${conversationBranches().join(' UNION ALL ')}) c(${COLUMNS})`)}`,
    { org_id: orgId, manager_id: managerId },
  );
  return row!;
}

/** The conversation a stored message belongs to, or null for a message without a person. */
export async function conversationOfMessage(
  sequelize: Sequelize,
  message: { org_id: number; lead_id: number | null; user_id: number | null; group_id?: number | null },
): Promise<ConversationRef | null> {
  if (message.group_id) return { kind: 'group', id: message.group_id };
  if (message.lead_id) return { kind: 'lead', id: message.lead_id };
  if (!message.user_id) return null;
  const [lead] = await selectRows<{ id: number }>(sequelize, 'SELECT id FROM leads WHERE org_id = :org_id AND client_id = :user_id ORDER BY id LIMIT 1', {
    org_id: message.org_id,
    user_id: message.user_id,
  });
  return lead ? { kind: 'lead', id: lead.id } : { kind: 'user', id: message.user_id };
}
