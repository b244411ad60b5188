import { QueryTypes, type Sequelize } from '@crm/database';
import { publishEvent } from '../events/publish.js';

/** Who: the person with this Telegram id, and/or a conversation's lead and user (a refused send knows those). */
export interface ReachabilityTarget {
  org_id: number;
  telegram_id?: number | null;
  lead_id?: number | null;
  user_id?: number | null;
}

/**
 * Whether a person can be written to in Telegram. It is lost when they block the bot or a send is
 * refused with 403, and comes back when they unblock it; managers see the mark on the lead and the
 * person, so they know why replies do not arrive. Each lead whose mark changes is announced.
 */
export async function setPersonReachable(sequelize: Sequelize, target: ReachabilityTarget, reachable: boolean): Promise<{ lead_ids: number[] }> {
  const replacements = {
    org_id: target.org_id,
    telegram_id: target.telegram_id ?? null,
    lead_id: target.lead_id ?? null,
    user_id: target.user_id ?? null,
    unreachable: !reachable,
  };
  const leads = await sequelize.query<{ id: number }>(
    `UPDATE leads SET unreachable = :unreachable, updated_at = now()
      WHERE org_id = :org_id AND (telegram_id = :telegram_id OR id = :lead_id) AND unreachable <> :unreachable RETURNING id`,
    { replacements, type: QueryTypes.SELECT },
  );
  await sequelize.query(
    `UPDATE users SET unreachable = :unreachable, updated_at = now()
      WHERE org_id = :org_id AND (telegram_id = :telegram_id OR id = :user_id) AND unreachable <> :unreachable`,
    { replacements },
  );
  for (const lead of leads) await publishEvent(sequelize, { org_id: target.org_id, type: 'lead.updated', data: { id: lead.id } });
  return { lead_ids: leads.map((lead) => lead.id) };
}
