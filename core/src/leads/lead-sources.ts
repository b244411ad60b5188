import type { LeadSourceCount } from '@crm/contracts';
import { QueryTypes, type Sequelize } from '@crm/database';
import { publishEvent } from '../events/publish.js';

/** The source of a lead who found the bot without an ad link (no `/start <payload>`). */
export const UNATTRIBUTED_SOURCE = 'telegram';

/** The organization's lead sources (ad campaigns' deep-link payloads among them) with how many leads each brought, most first. */
export async function listLeadSources(sequelize: Sequelize, orgId: number): Promise<LeadSourceCount[]> {
  return sequelize.query<LeadSourceCount>(
    `SELECT source, count(*)::int AS count FROM leads WHERE org_id = :orgId AND source <> ''
     GROUP BY source ORDER BY count(*) DESC, source LIMIT 200`,
    { replacements: { orgId }, type: QueryTypes.SELECT },
  );
}

/**
 * A known lead opens an ad's deep link (`/start <payload>`) after first writing without one: the
 * payload becomes their source. A lead that already has a source keeps it (the first ad counts).
 */
export async function attributeLeadSource(sequelize: Sequelize, input: { org_id: number; lead_id: number; source: string }): Promise<boolean> {
  const rows = await sequelize.query<{ id: number }>(
    `UPDATE leads SET source = :source, updated_at = now()
     WHERE id = :lead_id AND org_id = :org_id AND source = :unattributed RETURNING id`,
    { replacements: { ...input, unattributed: UNATTRIBUTED_SOURCE }, type: QueryTypes.SELECT },
  );
  if (!rows.length) return false;
  await publishEvent(sequelize, { org_id: input.org_id, type: 'lead.updated', data: { id: input.lead_id } });
  return true;
}
