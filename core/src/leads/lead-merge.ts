import { z } from 'zod';
import { Lead, QueryTypes, type Sequelize, type SqlTransaction } from '@crm/database';
import { DomainError, invalid, notFound } from '../errors.js';
import { parseInput } from '../validation.js';
import { publishEvent } from '../events/publish.js';
import { recordLeadEvent } from './lead-events.js';
import { removeLead } from './lead.service.js';

const mergeSchema = z.object({ merge_id: z.coerce.number().int().positive() });

/** Fields the survivor takes from the merged lead where it has none of its own. */
const FILLED = [
  'phone',
  'username',
  'language_code',
  'manager_id',
  'client_id',
  'work_type',
  'area_m2',
  'rooms',
  'budget_amount',
  'budget_currency',
  'timing',
  'property_type',
  'address',
  'ai_summary',
  'hotness',
] as const;

/** Every column that points at a lead (messages, tasks, notes, estimates, appointments, projects, AI runs, the timeline…), read from the schema. */
async function leadReferences(sequelize: Sequelize, transaction: SqlTransaction) {
  return sequelize.query<{ tbl: string; col: string }>(
    `
    SELECT c.conrelid::regclass::text AS tbl, a.attname AS col
      FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.contype = 'f' AND c.confrelid = 'leads'::regclass AND array_length(c.conkey, 1) = 1 AND c.conrelid <> 'leads'::regclass
     ORDER BY 1, 2`,
    { type: QueryTypes.SELECT, transaction },
  );
}

/** The inbox keys private notes, labels and "resolved" by conversation id rather than by a foreign key. */
async function moveConversation(sequelize: Sequelize, orgId: number, from: string, to: string, transaction: SqlTransaction) {
  const replacements = { orgId, from, to };
  await sequelize.query(
    `
    UPDATE conversation_notes SET conversation_id = :to WHERE org_id = :orgId AND conversation_id = :from;
    UPDATE conversation_labels c SET conversation_id = :to WHERE org_id = :orgId AND conversation_id = :from
       AND NOT EXISTS (SELECT 1 FROM conversation_labels d WHERE d.org_id = c.org_id AND d.conversation_id = :to AND d.label_id = c.label_id);
    DELETE FROM conversation_labels WHERE org_id = :orgId AND conversation_id = :from;
    DELETE FROM resolved_conversations WHERE org_id = :orgId AND conversation_id = :from;`,
    { replacements, transaction },
  );
}

/**
 * Merges a duplicate into the lead that stays, in one transaction: everything that points at the
 * duplicate moves to the survivor, the survivor fills its blanks from the duplicate (its Telegram
 * too, when it has none), the merge is written to the survivor's timeline, and the duplicate is
 * deleted, so it leaves every list.
 */
export async function mergeLeads(sequelize: Sequelize, scope: { org_id: number; user_id: number | null }, survivorId: number, input: unknown): Promise<Lead> {
  const { merge_id } = parseInput(mergeSchema, input, 'Invalid merge');
  if (merge_id === survivorId) throw invalid({ merge_id: 'must be another lead' }, 'A lead cannot be merged into itself');
  const survivor = await sequelize.transaction(async (transaction) => {
    const found = await Lead.findAll({
      where: { id: [survivorId, merge_id], org_id: scope.org_id },
      order: [['id', 'ASC']],
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    const keep = found.find((l) => l.id === survivorId);
    const gone = found.find((l) => l.id === merge_id);
    if (!keep) throw notFound('Lead');
    if (!gone) throw invalid({ merge_id: 'unknown lead' }, 'merge_id does not point to a lead of your organization');
    if (keep.telegram_id && gone.telegram_id && String(keep.telegram_id) !== String(gone.telegram_id)) {
      throw new DomainError('conflict', 'Both leads have their own Telegram accounts: they are different people in Telegram', {
        fields: { merge_id: 'has another Telegram account' },
      });
    }
    for (const { tbl, col } of await leadReferences(sequelize, transaction)) {
      await sequelize.query(`UPDATE ${tbl} SET "${col}" = :keep WHERE "${col}" = :gone`, { replacements: { keep: keep.id, gone: gone.id }, transaction });
    }
    await moveConversation(sequelize, scope.org_id, `lead-${gone.id}`, `lead-${keep.id}`, transaction);
    const fill: Record<string, unknown> = {};
    for (const field of FILLED) if ((keep.get(field) === null || keep.get(field) === '') && gone.get(field) !== null) fill[field] = gone.get(field);
    if (!keep.name && gone.name) fill.name = gone.name;
    const telegram = !keep.telegram_id && gone.telegram_id ? { telegram_id: gone.telegram_id, chat_id: gone.chat_id } : {};
    const snapshot = { id: gone.id, name: gone.name, phone: gone.phone, status: gone.status, source: gone.source, telegram_id: gone.telegram_id };
    // The Telegram id is unique per organization: the duplicate lets go of it before the survivor takes it.
    if (telegram.telegram_id) await gone.update({ telegram_id: null, chat_id: null }, { transaction });
    await removeLead(sequelize, gone, transaction);
    const lastMessage = [keep.last_message_at, gone.last_message_at].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
    await keep.update(
      {
        ...fill,
        ...telegram,
        unread_count: keep.unread_count + gone.unread_count,
        last_message_at: lastMessage,
        last_activity_at: new Date(),
        needs_manager: keep.needs_manager || gone.needs_manager,
      },
      { transaction },
    );
    await recordLeadEvent({ org_id: scope.org_id, lead_id: keep.id, actor_id: scope.user_id, kind: 'merge', data: { merged: snapshot } }, transaction);
    await publishEvent(transaction, { org_id: scope.org_id, type: 'lead.updated', data: { id: keep.id, lead_id: keep.id } });
    await publishEvent(transaction, { org_id: scope.org_id, type: 'lead.updated', data: { id: gone.id, lead_id: gone.id } });
    return keep;
  });
  return survivor;
}
