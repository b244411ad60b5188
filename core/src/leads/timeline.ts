import { z } from 'zod';
import { Lead, Organization, QueryTypes, User, type Sequelize } from '@crm/database';
import { invalid, notFound } from '../errors.js';

import type { TimelineKind, TimelinePage } from '@crm/contracts';

export type { TimelinePage } from '@crm/contracts';

/** A page cursor: the last item's moment and key. */
const cursorSchema = z.tuple([z.string().datetime({ offset: true }), z.string().max(80)]);
const encodeCursor = (item: { at: string; key: string }) => Buffer.from(JSON.stringify([item.at, item.key])).toString('base64url');
function decodeCursor(before: string): [string, string] {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(before, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    /* reported below */
  }
  throw invalid({ before: 'is not a cursor this timeline gave' }, 'Invalid timeline cursor');
}

/**
 * Everything that happened to a lead, newest first, in one query over the tables that own each
 * fact: messages (one item per local day, with counts and the latest text), status moves, calls
 * and merges (lead_events), tasks created and completed, notes (the card's and the chat's private ones), AI turns, and estimates created,
 * sent and approved. Keyset paged on (at, key), so a page never repeats or skips an item while new
 * ones arrive.
 */
export async function leadTimeline(
  sequelize: Sequelize,
  orgId: number,
  leadId: number,
  options: { before?: string; limit?: number } = {},
): Promise<TimelinePage> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 30), 1), 100);
  const lead = await Lead.findOne({ where: { id: leadId, org_id: orgId }, attributes: ['id'] });
  if (!lead) throw notFound('Lead');
  const org = await Organization.findByPk(orgId, { attributes: ['timezone'] });
  const [beforeAt, beforeKey] = options.before ? decodeCursor(options.before) : [null, null];
  const rows = await sequelize.query<{ key: string; at: Date; kind: TimelineKind; actor_id: number | null; data: Record<string, unknown> }>(
    `
    SELECT * FROM (
      SELECT 'messages:' || d.day AS key, d.at, 'messages' AS kind, NULL::int AS actor_id,
             jsonb_build_object('day', d.day, 'inbound', d.inbound, 'outbound', d.outbound, 'last', d.last_content, 'last_direction', d.last_direction) AS data
        FROM (SELECT (created_at AT TIME ZONE :tz)::date::text AS day, max(created_at) AS at,
                     count(*) FILTER (WHERE direction = 'inbound')::int AS inbound, count(*) FILTER (WHERE direction = 'outbound')::int AS outbound,
                     (array_agg(left(content, 200) ORDER BY id DESC))[1] AS last_content, (array_agg(direction::text ORDER BY id DESC))[1] AS last_direction
                FROM chat_messages WHERE org_id = :orgId AND lead_id = :leadId GROUP BY 1) d
      UNION ALL
      SELECT 'event:' || id, created_at, kind, actor_id, data FROM lead_events WHERE org_id = :orgId AND lead_id = :leadId
      UNION ALL
      SELECT 'task:' || id, created_at, 'task_created', created_by,
             jsonb_build_object('task_id', id, 'title', title, 'due_at', due_at, 'assignee_id', assignee_id, 'done', done_at IS NOT NULL)
        FROM tasks WHERE org_id = :orgId AND lead_id = :leadId
      UNION ALL
      SELECT 'task_done:' || id, done_at, 'task_done', done_by, jsonb_build_object('task_id', id, 'title', title)
        FROM tasks WHERE org_id = :orgId AND lead_id = :leadId AND done_at IS NOT NULL
      UNION ALL
      SELECT 'note:' || id, created_at, 'note', author_id,
             jsonb_build_object('note_id', id, 'body', body, 'edited', updated_at > created_at + interval '1 second')
        FROM notes WHERE org_id = :orgId AND lead_id = :leadId
      UNION ALL
      SELECT 'chat_note:' || id, created_at, 'note', author_id, jsonb_build_object('body', content, 'in_chat', true)
        FROM conversation_notes WHERE org_id = :orgId AND conversation_id = 'lead-' || CAST(:leadId AS text)
      UNION ALL
      SELECT 'ai:' || id, created_at, 'ai', NULL,
             jsonb_build_object('engine', engine, 'error', error, 'result', response -> 'result', 'fallback_reason', request -> 'fallback_reason')
        FROM ai_runs WHERE org_id = :orgId AND lead_id = :leadId
      UNION ALL
      SELECT 'estimate:' || id, created_at, 'estimate_created', created_by,
             jsonb_build_object('estimate_id', id, 'version', version, 'title', title, 'total', total::text, 'currency', currency)
        FROM estimates WHERE org_id = :orgId AND lead_id = :leadId
      UNION ALL
      SELECT 'estimate_sent:' || id, sent_at, 'estimate_sent', NULL,
             jsonb_build_object('estimate_id', id, 'version', version, 'title', title, 'total', total::text, 'currency', currency)
        FROM estimates WHERE org_id = :orgId AND lead_id = :leadId AND sent_at IS NOT NULL
      UNION ALL
      SELECT 'estimate_approved:' || id, approved_at, 'estimate_approved', approved_by,
             jsonb_build_object('estimate_id', id, 'version', version, 'title', title, 'total', total::text, 'currency', currency, 'via', approved_via)
        FROM estimates WHERE org_id = :orgId AND lead_id = :leadId AND approved_at IS NOT NULL
    ) t
    WHERE CAST(:beforeAt AS timestamptz) IS NULL OR (t.at, t.key COLLATE "C") < (CAST(:beforeAt AS timestamptz), CAST(:beforeKey AS text) COLLATE "C")
    ORDER BY t.at DESC, t.key COLLATE "C" DESC
    LIMIT :take`,
    { replacements: { orgId, leadId, tz: org?.timezone ?? 'UTC', beforeAt, beforeKey, take: limit + 1 }, type: QueryTypes.SELECT },
  );
  const page = rows.slice(0, limit);
  const actorIds = [...new Set(page.map((r) => r.actor_id).filter((id): id is number => id !== null))];
  const actors = actorIds.length ? await User.findAll({ where: { id: actorIds, org_id: orgId }, attributes: ['id', 'name'] }) : [];
  const items = page.map((r) => {
    const actor = actors.find((a) => a.id === r.actor_id);
    return { key: r.key, at: new Date(r.at).toISOString(), kind: r.kind, actor: actor ? { id: actor.id, name: actor.name } : null, data: r.data };
  });
  return { items, next: rows.length > limit && items.length ? encodeCursor(items[items.length - 1]!) : null };
}
