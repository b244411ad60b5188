import { z } from 'zod';
import { CALL_OUTCOMES } from '@crm/contracts';
import { Lead, LeadEvent, type LeadEventKind, type SqlTransaction, type Sequelize } from '@crm/database';
import { invalid, notFound } from '../errors.js';
import { parseInput } from '../validation.js';
import { publishEvent } from '../events/publish.js';

export async function recordLeadEvent(
  input: { org_id: number; lead_id: number; actor_id?: number | null; kind: LeadEventKind; data: Record<string, unknown> },
  transaction: SqlTransaction,
): Promise<LeadEvent> {
  return LeadEvent.create(
    { org_id: input.org_id, lead_id: input.lead_id, actor_id: input.actor_id ?? null, kind: input.kind, data: input.data },
    { transaction },
  );
}

/** A lead reaches "lost" only with a reason: the firm learns why it loses work. */
export function requireLostReason(status: string | undefined, reason: string | null | undefined): string | null {
  if (status !== 'lost') return null;
  const text = (reason ?? '').trim();
  if (!text) throw invalid({ lost_reason: 'is required when a lead is marked lost' }, 'A lost lead needs a reason');
  return text.slice(0, 500);
}

const callSchema = z.object({
  outcome: z.enum(CALL_OUTCOMES),
  note: z.string().trim().max(2000, 'must be at most 2000 characters').optional().default(''),
  direction: z.enum(['outgoing', 'incoming']).optional().default('outgoing'),
});

/** A phone call the manager had (or tried) with the lead, for the timeline; it counts as activity. */
export async function logCall(sequelize: Sequelize, scope: { org_id: number; user_id: number }, leadId: number, input: unknown): Promise<LeadEvent> {
  const call = parseInput(callSchema, input, 'Invalid call');
  return sequelize.transaction(async (transaction) => {
    const lead = await Lead.findOne({ where: { id: leadId, org_id: scope.org_id }, transaction, lock: transaction.LOCK.UPDATE });
    if (!lead) throw notFound('Lead');
    const event = await recordLeadEvent({ org_id: scope.org_id, lead_id: lead.id, actor_id: scope.user_id, kind: 'call', data: call }, transaction);
    await lead.update({ last_activity_at: new Date() }, { transaction });
    await publishEvent(transaction, { org_id: scope.org_id, type: 'lead.updated', data: { id: lead.id, lead_id: lead.id } });
    return event;
  });
}
