import type * as Wire from '@crm/contracts';
import { z } from 'zod';
import { QueryTypes, type Sequelize } from '@crm/database';
import { parseInput } from '../validation.js';
import { listConversations } from './conversation.queries.js';

const messageSearchQuery = z.object({
  q: z.string({ error: 'is required' }).trim().min(2, 'must be at least 2 characters').max(200, 'must be at most 200 characters'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export type MessageHit = Wire.MessageHit<Date>;

function snippetOf(content: string, q: string): string {
  const at = content.toLowerCase().indexOf(q.toLowerCase());
  const start = Math.max(0, at - 60);
  const text = content.slice(start, start + 160);
  return `${start > 0 ? '…' : ''}${text}${start + 160 < content.length ? '…' : ''}`;
}

/**
 * Messages of the organization whose text contains the words asked for, newest first, each with the
 * conversation it opens in. `ILIKE '%…%'` is served by the trigram index over (org_id, content).
 */
export async function searchMessages(sequelize: Sequelize, orgId: number, query: unknown): Promise<MessageHit[]> {
  const { q, limit } = parseInput(messageSearchQuery, query, 'Invalid search');
  const rows = await sequelize.query<{ id: number; direction: 'inbound' | 'outbound'; content: string; created_at: Date; conversation: string }>(
    `SELECT m.id, m.direction, m.content, m.created_at,
       CASE WHEN m.group_id IS NOT NULL THEN 'group-' || m.group_id
            WHEN m.lead_id IS NOT NULL THEN 'lead-' || m.lead_id
            ELSE COALESCE((SELECT 'lead-' || l.id FROM leads l WHERE l.org_id = m.org_id AND l.client_id = m.user_id ORDER BY l.id LIMIT 1), 'user-' || m.user_id)
       END AS conversation
     FROM chat_messages m
     WHERE m.org_id = :org_id AND m.content ILIKE :pattern AND (m.lead_id IS NOT NULL OR m.user_id IS NOT NULL OR m.group_id IS NOT NULL)
     ORDER BY m.id DESC LIMIT :limit`,
    { replacements: { org_id: orgId, pattern: `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`, limit }, type: QueryTypes.SELECT },
  );
  if (!rows.length) return [];
  const ids = [...new Set(rows.map((r) => r.conversation))];
  const { rows: conversations } = await listConversations(sequelize, orgId, { filter: { id: ids }, limit: ids.length });
  const names = new Map(conversations.map((c) => [c.id, c.name]));
  return rows.map((r) => ({
    message_id: Number(r.id),
    conversation_id: r.conversation,
    conversation_name: names.get(r.conversation) ?? r.conversation,
    direction: r.direction,
    snippet: snippetOf(r.content, q),
    created_at: r.created_at,
  }));
}
