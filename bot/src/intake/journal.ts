import { QueryTypes, type Sequelize } from '@crm/database';

/** Attempts after which a failing update is left as failed for a human to look at. */
const MAX_ATTEMPTS = 5;

/** How long a replica holds an update it is processing; a replica that dies lets it run out. */
export const UPDATE_LEASE_MS = 60_000;

// A row left 'processing' whose holder is gone: its lease ran out (rows claimed before leases
// existed count two minutes from their arrival).
const abandoned = (t: string) => `${t}.status = 'processing' AND COALESCE(${t}.lease_until, ${t}.created_at + interval '2 minutes') < now()`;

/** An update of the chat that comes first and is not finished: waiting, or held under a live lease. */
const earlierOpen = `EXISTS (
  SELECT 1 FROM telegram_updates e
  WHERE e.bot_id = u.bot_id AND e.chat_id = u.chat_id AND e.update_id < u.update_id AND e.status IN ('pending', 'processing')
    AND (e.status = 'pending' OR NOT (${abandoned('e')})))`;

export interface ClaimedUpdate {
  id: number;
  org_id: number;
  payload: { update_id: number };
  attempts: number;
}

export interface ClaimOptions {
  limit: number;
  leaseMs?: number;
  /** Also take failed updates and those whose holder's lease ran out, once they are this old (the sweep). */
  retryOlderThanMs?: number | null;
  /** Updates this replica has processed since its last statement: marked done by the same statement. */
  done?: number[];
}

/** Whether a later update of one of the chats of these finished updates waits (it may be taken now). */
const followedSql = `EXISTS (SELECT 1 FROM telegram_updates e
  WHERE e.bot_id = t.bot_id AND e.chat_id = t.chat_id AND e.update_id > t.update_id AND e.status = 'pending')`;
const markDone = `UPDATE telegram_updates t SET status = 'done', processed_at = now(), error = NULL, lease_until = NULL WHERE t.id IN (:done)`;

/**
 * Takes up to `limit` updates of these organizations for processing, in one statement. A row is
 * locked by one replica only (`FOR UPDATE SKIP LOCKED`: a concurrent claim passes it by instead of
 * waiting), and an update is taken only when no earlier update of its chat is waiting or being
 * processed anywhere, so a chat's updates run one after another in Telegram's order while different
 * chats run side by side. An old backlog is no exception: age never makes a claimed row free.
 *
 * The same statement marks `done` updates processed (one round trip per batch for both). The claim
 * sees them as they were before it, still being processed, so a later update of their chat is taken
 * by the next claim: `followed` says one waits.
 */
export async function claimUpdates(
  sequelize: Sequelize,
  orgIds: number[],
  { limit, leaseMs = UPDATE_LEASE_MS, retryOlderThanMs = null, done = [] }: ClaimOptions,
): Promise<{ updates: ClaimedUpdate[]; followed: boolean }> {
  if (orgIds.length === 0 || limit <= 0) return { updates: [], followed: await finishUpdates(sequelize, done) };
  const retry = retryOlderThanMs === null ? '' : `OR ((u.status = 'failed' OR (${abandoned('u')})) AND u.created_at < now() - make_interval(secs => :age))`;
  const finishing = done.length > 0;
  const rows = await sequelize.query<Omit<ClaimedUpdate, 'id'> & { id: number | null; followed: boolean | null }>(
    `WITH ${finishing ? `fin AS (${markDone} RETURNING ${followedSql} AS followed),` : ''}
     picked AS (
       SELECT u.id FROM telegram_updates u
       WHERE u.org_id IN (:orgIds) AND u.attempts < :max AND (u.status = 'pending' ${retry})
         AND (u.chat_id IS NULL OR NOT ${earlierOpen}) ${finishing ? 'AND u.id NOT IN (:done)' : ''}
       ORDER BY u.id LIMIT :limit
       FOR UPDATE OF u SKIP LOCKED
     ), claimed AS (
       UPDATE telegram_updates t SET status = 'processing', attempts = t.attempts + 1, lease_until = now() + make_interval(secs => :lease)
       FROM picked WHERE t.id = picked.id
       RETURNING t.id, t.org_id, t.payload, t.attempts
     )
     SELECT id, org_id, payload, attempts, NULL::boolean AS followed FROM claimed
     ${finishing ? 'UNION ALL SELECT NULL, NULL, NULL, NULL, bool_or(followed) FROM fin' : ''}`,
    {
      replacements: { orgIds, max: MAX_ATTEMPTS, limit, lease: leaseMs / 1000, age: (retryOlderThanMs ?? 0) / 1000, done },
      type: QueryTypes.SELECT,
    },
  );
  const updates: ClaimedUpdate[] = [];
  let followed = false;
  for (const row of rows) {
    if (row.id === null) followed = row.followed === true;
    else updates.push({ id: row.id, org_id: row.org_id, payload: row.payload, attempts: row.attempts });
  }
  return { updates, followed };
}

/**
 * Takes one update for processing. Only one replica wins a row: pending or failed ones, or one whose
 * holder's lease ran out.
 */
export async function claimUpdate(sequelize: Sequelize, id: number, leaseMs = UPDATE_LEASE_MS) {
  const rows = await sequelize.query<{ payload: { update_id: number }; attempts: number }>(
    `UPDATE telegram_updates u SET status = 'processing', attempts = attempts + 1,
            lease_until = now() + make_interval(secs => :lease)
     WHERE id = :id AND attempts < :max AND (status IN ('pending', 'failed') OR (${abandoned('u')}))
     RETURNING payload, attempts`,
    { replacements: { id, max: MAX_ATTEMPTS, lease: leaseMs / 1000 }, type: QueryTypes.SELECT },
  );
  return rows[0] ?? null;
}

/** Marks these updates processed, in one statement; true when a later update of one of their chats waits (it may be taken now). */
export async function finishUpdates(sequelize: Sequelize, ids: number[]): Promise<boolean> {
  if (ids.length === 0) return false;
  const rows = await sequelize.query<{ followed: boolean }>(`${markDone} RETURNING ${followedSql} AS followed`, {
    replacements: { done: ids },
    type: QueryTypes.SELECT,
  });
  return rows.some((row) => row.followed);
}

export async function failUpdate(sequelize: Sequelize, id: number, error: unknown) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await sequelize.query(`UPDATE telegram_updates SET status = 'failed', error = :message, lease_until = NULL WHERE id = :id`, {
    replacements: { id, message: message.slice(0, 2000) },
  });
}

/** Gives claimed updates back untouched (their bot stopped before they ran): pending again, the attempt not counted. */
export async function releaseUpdates(sequelize: Sequelize, ids: number[]) {
  if (ids.length === 0) return;
  await sequelize.query(
    `UPDATE telegram_updates SET status = 'pending', attempts = attempts - 1, lease_until = NULL WHERE id IN (:ids) AND status = 'processing'`,
    { replacements: { ids } },
  );
}

/** How many updates of these organizations still wait or are being processed under a live lease. */
export async function openUpdates(sequelize: Sequelize, orgIds: number[]): Promise<number> {
  if (orgIds.length === 0) return 0;
  const [row] = await sequelize.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM telegram_updates u
     WHERE u.org_id IN (:orgIds) AND u.status IN ('pending', 'processing') AND (u.status = 'pending' OR NOT (${abandoned('u')}))`,
    { replacements: { orgIds }, type: QueryTypes.SELECT },
  );
  return row?.n ?? 0;
}
