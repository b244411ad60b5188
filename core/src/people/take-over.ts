import { QueryTypes, User, type Sequelize, type SqlTransaction } from '@crm/database';
import { MANAGER_REPLIED } from '../ai/handoff.js';
import { getConversation, type ConversationRef } from '../chat/conversation.queries.js';
import { publishEvent } from '../events/publish.js';

/**
 * A manager takes a lead's conversation (a reply or "Take it"): the AI steps back, the lead no longer
 * waits for a manager, and it is assigned to this manager unless someone already has it. Returns
 * whether anything changed.
 */
export async function managerTakesLead(
  sequelize: Sequelize,
  input: { org_id: number; lead_id: number; manager_id: number },
  transaction?: SqlTransaction,
): Promise<boolean> {
  const rows = await sequelize.query<{ id: number }>(
    `UPDATE leads SET
       ai_paused_reason = CASE WHEN ai_enabled THEN :reason ELSE ai_paused_reason END,
       ai_enabled = FALSE, needs_manager = FALSE, manager_id = COALESCE(manager_id, :manager_id),
       last_activity_at = now(), updated_at = now()
     WHERE id = :lead_id AND org_id = :org_id AND (ai_enabled OR needs_manager OR manager_id IS NULL)
       AND EXISTS (SELECT 1 FROM users u WHERE u.id = :manager_id AND u.org_id = :org_id AND u.role IN ('admin', 'manager'))
     RETURNING id`,
    { replacements: { ...input, reason: MANAGER_REPLIED }, type: QueryTypes.SELECT, ...(transaction ? { transaction } : {}) },
  );
  return rows.length > 0;
}

/** "Take it" on a conversation: a lead's as above; a client's or staff thread without a lead is assigned if unassigned. */
export async function takeConversation(sequelize: Sequelize, orgId: number, ref: ConversationRef, managerId: number): Promise<void> {
  const conversation = await getConversation(sequelize, orgId, ref);
  // A group has no lead to take and no AI to stop: its manager is its project's.
  if (conversation.kind === 'group') return;
  await sequelize.transaction(async (transaction) => {
    if (conversation.kind === 'lead') {
      if (await managerTakesLead(sequelize, { org_id: orgId, lead_id: conversation.lead_id!, manager_id: managerId }, transaction)) {
        await publishEvent(transaction, { org_id: orgId, type: 'lead.updated', data: { id: conversation.lead_id! } });
      }
    } else {
      await User.update({ manager_id: managerId }, { where: { id: conversation.user_id!, org_id: orgId, manager_id: null }, transaction });
    }
  });
}
