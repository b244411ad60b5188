import { QueryTypes, type Sequelize } from '@crm/database';
import type { Claims } from './tokens.js';

interface SessionRow {
  id: number;
  org_id: number;
  role: string;
  is_active: boolean;
  telegram_id: string | number | null;
  token_version: number;
}

export interface SessionVerifier {
  /**
   * The claims as the database says now: role from the row, and null when the user was deleted,
   * deactivated, moved, demoted out of the token's kind, or their sessions were revoked.
   */
  check(claims: Claims): Promise<Claims | null>;
  /** Drops what this process remembers of a user (after it changed them itself). */
  forget(userId: number): void;
}

/** How long a user's row is trusted without asking the database again: revocation takes at most this long. */
const SESSION_CACHE_MS = 2000;

/**
 * Checks every request's token against the user's row through a short-lived per-process cache, so
 * demoting, deactivating, deleting or logging out everywhere takes effect within seconds on every
 * api process, without a query per request under load.
 */
export function createSessionVerifier(sequelize: Sequelize, options: { cacheMs?: number } = {}): SessionVerifier {
  const cacheMs = options.cacheMs ?? SESSION_CACHE_MS;
  const cache = new Map<number, { at: number; row: Promise<SessionRow | null> }>();

  const load = (userId: number) => {
    const now = Date.now();
    const hit = cache.get(userId);
    if (hit && now - hit.at < cacheMs) return hit.row;
    const row = sequelize
      .query<SessionRow>('SELECT id, org_id, role, is_active, telegram_id, token_version FROM users WHERE id = :id', {
        replacements: { id: userId },
        type: QueryTypes.SELECT,
      })
      .then((rows) => rows[0] ?? null);
    row.catch(() => cache.delete(userId));
    cache.set(userId, { at: now, row });
    if (cache.size > 10_000) for (const [id, entry] of cache) if (now - entry.at >= cacheMs) cache.delete(id);
    return row;
  };

  return {
    async check(claims) {
      const row = await load(claims.sub);
      if (!row || !row.is_active || row.org_id !== claims.org_id || row.token_version !== (claims.tv ?? 0)) return null;
      if (claims.kind === 'staff') {
        return row.role === 'admin' || row.role === 'manager' ? { ...claims, role: row.role } : null;
      }
      return row.role === 'client' && Number(row.telegram_id) === claims.telegram_id ? claims : null;
    },
    forget(userId) {
      cache.delete(userId);
    },
  };
}

/** Log out everywhere: every token issued to the user so far stops working. */
export async function revokeSessions(sequelize: Sequelize, orgId: number, userId: number): Promise<number | null> {
  const [rows] = await sequelize.query('UPDATE users SET token_version = token_version + 1 WHERE id = :userId AND org_id = :orgId RETURNING token_version', {
    replacements: { userId, orgId },
  });
  return (rows as { token_version: number }[])[0]?.token_version ?? null;
}

/** The version a new token for this user must carry. */
export async function currentTokenVersion(sequelize: Sequelize, userId: number): Promise<number> {
  const rows = await sequelize.query<{ token_version: number }>('SELECT token_version FROM users WHERE id = :userId', {
    replacements: { userId },
    type: QueryTypes.SELECT,
  });
  return rows[0]?.token_version ?? 0;
}
