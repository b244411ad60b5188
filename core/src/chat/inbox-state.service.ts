import { z } from 'zod';
import { ChatLabel, Op, type Sequelize, type SqlTransaction } from '@crm/database';
import { DomainError } from '../errors.js';
import { publishEvent } from '../events/publish.js';
import { parseInput } from '../validation.js';
import { conversationId, getConversation, type ConversationRef } from './conversation.queries.js';

/** Tells the back office a conversation's state, labels or manager changed. */
export function conversationChanged(db: Sequelize | SqlTransaction, orgId: number, ref: ConversationRef) {
  return publishEvent(db as Sequelize, { org_id: orgId, type: 'conversation.updated', data: { id: ref.id, conversation: conversationId(ref) } });
}

/** A manager marks the conversation done; it leaves the open inbox until the person writes again. */
export async function resolveConversation(sequelize: Sequelize, orgId: number, ref: ConversationRef, staffId: number): Promise<void> {
  const conversation = await getConversation(sequelize, orgId, ref);
  await sequelize.transaction(async (transaction) => {
    await sequelize.query(
      `INSERT INTO resolved_conversations (org_id, conversation_id, resolved_by) VALUES (:org_id, :id, :staff)
       ON CONFLICT (org_id, conversation_id) DO NOTHING`,
      { replacements: { org_id: orgId, id: conversation.id, staff: staffId }, transaction },
    );
    await conversationChanged(transaction, orgId, ref);
  });
}

/** Opens a resolved conversation again (by hand; a new inbound message does it by itself). */
export async function reopenConversation(sequelize: Sequelize, orgId: number, ref: ConversationRef): Promise<void> {
  const conversation = await getConversation(sequelize, orgId, ref);
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('DELETE FROM resolved_conversations WHERE org_id = :org_id AND conversation_id = :id', {
      replacements: { org_id: orgId, id: conversation.id },
      transaction,
    });
    await conversationChanged(transaction, orgId, ref);
  });
}

/**
 * New inbound messages reopen their conversations: the lead's, the group's, the person's own, or the
 * lead thread a client's message without a lead is shown in. One statement over the rows of `stored`
 * (a CTE of the writer's statement with `org_id`, `lead_id`, `group_id`, `user_id`), run with them
 * before their events are published, so the live row already reads open.
 */
export const reopenOnInboundSql = (stored: string) => `DELETE FROM resolved_conversations rc USING ${stored} m
  WHERE rc.org_id = m.org_id AND rc.conversation_id IN (
    'lead-' || m.lead_id, 'group-' || m.group_id, 'user-' || m.user_id,
    (SELECT 'lead-' || l.id FROM leads l WHERE l.org_id = m.org_id AND l.client_id = m.user_id ORDER BY l.id LIMIT 1))`;

const conversationLabelsInput = z.object({
  label_ids: z.array(z.coerce.number().int().positive('must be label ids'), { error: 'is required (a list of label ids)' }).max(20, 'at most 20 labels'),
});

/** Puts exactly these labels (the organization's own) on the conversation. */
export async function setConversationLabels(sequelize: Sequelize, orgId: number, ref: ConversationRef, body: unknown): Promise<void> {
  const { label_ids } = parseInput(conversationLabelsInput, body, 'Invalid labels');
  const conversation = await getConversation(sequelize, orgId, ref);
  const ids = [...new Set(label_ids)];
  const found = ids.length ? await ChatLabel.count({ where: { org_id: orgId, id: { [Op.in]: ids } } }) : 0;
  if (found !== ids.length) {
    throw new DomainError('validation', 'Invalid labels: label_ids must be labels of this organization', {
      fields: { label_ids: 'must be labels of this organization' },
    });
  }
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('DELETE FROM conversation_labels WHERE org_id = :org_id AND conversation_id = :id', {
      replacements: { org_id: orgId, id: conversation.id },
      transaction,
    });
    if (ids.length) {
      await sequelize.query(`INSERT INTO conversation_labels (org_id, conversation_id, label_id) SELECT :org_id, :id, unnest(ARRAY[:ids]::int[])`, {
        replacements: { org_id: orgId, id: conversation.id, ids },
        transaction,
      });
    }
    await conversationChanged(transaction, orgId, ref);
  });
}

const color = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a color like #1976d2')
  .transform((v) => v.toLowerCase());
/** The organization's labels, as the chat-labels resource writes them. */
export const chatLabelCreate = z.object({ name: z.string().trim().min(1, 'is required').max(40, 'must be at most 40 characters'), color: color.optional() });
export const chatLabelUpdate = chatLabelCreate.partial();
