import { QueryTypes, type Sequelize } from '@crm/database';

/** Attempts after which a failing update is left as failed for a human to look at. */
export const MAX_ATTEMPTS = 5;

/** How long a replica holds an update it is processing; a replica that dies lets it run out. */
export const UPDATE_LEASE_MS = 60_000;

// A row left 'processing' whose holder is gone: its lease ran out (rows claimed before leases
// existed count two minutes from their arrival).
const ABANDONED = `status = 'processing' AND COALESCE(lease_until, created_at + interval '2 minutes') < now()`;

/**
 * Takes an update for processing. Only one replica wins a row: pending or failed ones, or one whose
 * holder's lease ran out. An old backlog is no exception: age never makes a claimed row free.
 */
export async function claimUpdate(sequelize: Sequelize, id: number, leaseMs = UPDATE_LEASE_MS) {
  const rows = await sequelize.query<{ payload: { update_id: number }; attempts: number }>(
    `UPDATE telegram_updates SET status = 'processing', attempts = attempts + 1,
            lease_until = now() + make_interval(secs => :lease)
     WHERE id = :id AND attempts < :max AND (status IN ('pending', 'failed') OR (${ABANDONED}))
     RETURNING payload, attempts`,
    { replacements: { id, max: MAX_ATTEMPTS, lease: leaseMs / 1000 }, type: QueryTypes.SELECT });
  return rows[0] ?? null;
}

export async function finishUpdate(sequelize: Sequelize, id: number, error?: unknown) {
  if (error === undefined) {
    await sequelize.query(`UPDATE telegram_updates SET status = 'done', processed_at = now(), error = NULL, lease_until = NULL WHERE id = :id`, { replacements: { id } });
    return;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await sequelize.query(`UPDATE telegram_updates SET status = 'failed', error = :message, lease_until = NULL WHERE id = :id`,
    { replacements: { id, message: message.slice(0, 2000) } });
}

/** Updates of these organizations that are due a (re)try: pending or failed with attempts left. */
export async function dueUpdates(sequelize: Sequelize, orgIds: number[], { olderThanMs = 5_000, limit = 500 } = {}) {
  if (orgIds.length === 0) return [];
  return sequelize.query<{ id: number; org_id: number; bot_id: number }>(
    `SELECT id, org_id, bot_id FROM telegram_updates
     WHERE org_id IN (:orgIds) AND attempts < :max AND created_at < now() - make_interval(secs => :age)
       AND (status IN ('pending', 'failed') OR (${ABANDONED}))
     ORDER BY id LIMIT :limit`,
    { replacements: { orgIds, max: MAX_ATTEMPTS, age: olderThanMs / 1000, limit }, type: QueryTypes.SELECT });
}
