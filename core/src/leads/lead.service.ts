import { z } from 'zod';
import type { CreationAttributes } from 'sequelize';
import { LEAD_STATUSES, Lead, QueryTypes, type LeadStatus, type Sequelize, type SqlTransaction } from '@crm/database';
import { notFound } from '../errors.js';
import { parseInput } from '../validation.js';
import { publishEvent } from '../events/publish.js';
import { recordLeadEvent, requireLostReason } from './lead-events.js';

// Kanban positions are dense (0..n-1) and unique per (org, status). Every change to a column takes
// this per-organization transaction lock, so concurrent moves serialize instead of colliding.
async function lockKanban(sequelize: Sequelize, orgId: number, transaction: SqlTransaction) {
  await sequelize.query('SELECT pg_advisory_xact_lock(7241, :orgId)', { replacements: { orgId }, transaction });
}

async function columnSize(sequelize: Sequelize, orgId: number, status: LeadStatus, transaction: SqlTransaction) {
  const [row] = await sequelize.query<{ n: number }>('SELECT count(*)::int AS n FROM leads WHERE org_id = :orgId AND status = :status', {
    replacements: { orgId, status },
    type: QueryTypes.SELECT,
    transaction,
  });
  return row.n;
}

/** The next free position at the end of a column; call inside a transaction. */
export async function nextPosition(sequelize: Sequelize, orgId: number, status: LeadStatus, transaction: SqlTransaction) {
  await lockKanban(sequelize, orgId, transaction);
  return columnSize(sequelize, orgId, status, transaction);
}

async function closeGap(sequelize: Sequelize, orgId: number, status: LeadStatus, position: number, transaction: SqlTransaction) {
  await sequelize.query('UPDATE leads SET position = position - 1 WHERE org_id = :orgId AND status = :status AND position > :position', {
    replacements: { orgId, status, position },
    transaction,
  });
}

const moveSchema = z.object({
  status: z.enum(LEAD_STATUSES),
  position: z.coerce.number().int().min(0, 'must be 0 or more').max(1_000_000),
  lost_reason: z.string().trim().max(500, 'must be at most 500 characters').nullable().optional(),
});

/** Who changed a lead's status (null: the AI or the system), and why it was lost. */
export interface StatusChange {
  actor_id?: number | null;
  lost_reason?: string | null;
}

/** Records a status move for the timeline and keeps `lost_reason` for a lost lead only; call inside the move's transaction. */
async function statusMoved(lead: Lead, from: LeadStatus, to: LeadStatus, change: StatusChange, transaction: SqlTransaction) {
  const reason = requireLostReason(to, change.lost_reason);
  lead.set({ lost_reason: to === 'lost' ? reason : null });
  await recordLeadEvent(
    {
      org_id: lead.org_id,
      lead_id: lead.id,
      actor_id: change.actor_id ?? null,
      kind: 'status',
      data: { from, to, ...(reason ? { reason } : {}) },
    },
    transaction,
  );
}

/**
 * Moves a lead within or across Kanban columns in one transaction. A position past the end of the
 * target column is clamped to its end. Other screens hear of it through `lead.updated`, sent on commit.
 */
export async function moveLead(sequelize: Sequelize, orgId: number, leadId: number, input: unknown, actorId: number | null = null): Promise<Lead> {
  const { status, position, lost_reason } = parseInput(moveSchema, input);
  if (status === 'lost') requireLostReason(status, lost_reason);
  return sequelize.transaction(async (transaction) => {
    await lockKanban(sequelize, orgId, transaction);
    const lead = await Lead.findOne({ where: { id: leadId, org_id: orgId }, transaction });
    if (!lead) throw notFound('Lead');
    const from = { status: lead.status, position: lead.position };
    await closeGap(sequelize, orgId, from.status, from.position, transaction);
    const size = (await columnSize(sequelize, orgId, status, transaction)) - (from.status === status ? 1 : 0);
    const target = Math.min(position, size);
    await sequelize.query('UPDATE leads SET position = position + 1 WHERE org_id = :orgId AND status = :status AND position >= :target AND id <> :leadId', {
      replacements: { orgId, status, target, leadId },
      transaction,
    });
    const now = new Date();
    if (from.status !== status) await statusMoved(lead, from.status, status, { actor_id: actorId, lost_reason }, transaction);
    await lead.update(
      { status, position: target, last_activity_at: now, lost_reason: lead.lost_reason, ...(from.status === status ? {} : { status_changed_at: now }) },
      { transaction },
    );
    await publishEvent(transaction, { org_id: orgId, type: 'lead.updated', data: { id: lead.id, lead_id: lead.id } });
    return lead;
  });
}

/** Creates a lead at the end of its column; open boards hear of it through `lead.updated`, sent on commit. */
export async function createLead(sequelize: Sequelize, values: Omit<CreationAttributes<Lead>, 'position'>, transaction?: SqlTransaction) {
  const run = async (tx: SqlTransaction) => {
    const status = (values.status ?? 'new') as LeadStatus;
    const position = await nextPosition(sequelize, values.org_id, status, tx);
    const lead = await Lead.create({ ...values, status, position }, { transaction: tx });
    await publishEvent(tx, { org_id: lead.org_id, type: 'lead.updated', data: { id: lead.id, lead_id: lead.id } });
    return lead;
  };
  return transaction ? run(transaction) : sequelize.transaction(run);
}

/** A status change outside the Kanban (an edit form, the AI): the lead goes to the end of the new column. */
export async function changeLeadStatus(sequelize: Sequelize, lead: Lead, status: LeadStatus, transaction: SqlTransaction, change: StatusChange = {}) {
  if (lead.status === status) return;
  await statusMoved(lead, lead.status, status, change, transaction);
  await lockKanban(sequelize, lead.org_id, transaction);
  await closeGap(sequelize, lead.org_id, lead.status, lead.position, transaction);
  const position = await columnSize(sequelize, lead.org_id, status, transaction);
  lead.set({ status, position, status_changed_at: new Date() });
}

export async function removeLead(sequelize: Sequelize, lead: Lead, transaction: SqlTransaction) {
  await lockKanban(sequelize, lead.org_id, transaction);
  await lead.destroy({ transaction });
  await closeGap(sequelize, lead.org_id, lead.status, lead.position, transaction);
}
