import type { Lead, LeadStatus, Sequelize, SqlTransaction } from '@crm/database';
import { handBackToAi } from '../ai/handoff.js';
import { publishEvent } from '../events/publish.js';
import { withTypedPhone } from '../people/country.js';
import type { Actor } from '../people/user-records.js';
import { requireLostReason } from './lead-events.js';
import { changeLeadStatus, createLead } from './lead.service.js';

// A lead created or edited on its card in the back office (the Kanban moves through lead-board.ts).

/** A new lead at the end of its column; a lost one needs its reason; the phone is read in the organization's country. */
export async function createLeadFromForm(sequelize: Sequelize, actor: Actor, values: Record<string, unknown>, transaction: SqlTransaction): Promise<Lead> {
  const lost_reason = requireLostReason(values.status as string | undefined, values.lost_reason as string | null | undefined);
  return createLead(sequelize, { ...(await withTypedPhone(values, actor.org_id, transaction)), org_id: actor.org_id, lost_reason } as never, transaction);
}

/**
 * An edit of a lead card: a new status moves the lead to the end of that column (with its reason
 * when lost), switching the AI back on hands the conversation back to it, the lead counts as active,
 * and every open screen of the organization is told.
 */
export async function applyLeadChanges(
  sequelize: Sequelize,
  actor: Actor,
  lead: Lead,
  values: Record<string, unknown>,
  transaction: SqlTransaction,
): Promise<void> {
  const { status, lost_reason, ...rest } = (await withTypedPhone(values, actor.org_id, transaction)) as {
    status?: LeadStatus;
    ai_enabled?: boolean;
    lost_reason?: string | null;
  };
  if (status && status !== lead.status) await changeLeadStatus(sequelize, lead, status, transaction, { actor_id: actor.user_id, lost_reason });
  // The reason of a lead that stays lost may be reworded, never removed.
  else if (lost_reason !== undefined && lead.status === 'lost') lead.set({ lost_reason: requireLostReason('lost', lost_reason) });
  const handBack = rest.ai_enabled === true && !lead.ai_enabled;
  lead.set({ ...rest, last_activity_at: new Date() } as never);
  if (handBack) await handBackToAi(lead, { transaction });
  // Open boards and conversations hear of the edit (a new column, a new manager) once it is committed.
  await publishEvent(transaction, { org_id: lead.org_id, type: 'lead.updated', data: { id: lead.id, lead_id: lead.id } });
}
