import type { TelegramLink } from '@crm/contracts';
import { randomBytes } from 'node:crypto';
import { QueryTypes, User, type Sequelize } from '@crm/database';
import { DomainError, notFound } from '../errors.js';
import { attachTelegram, type LinkOutcome } from './link-telegram.js';
import { hashSecret, storeOneTimeSecret } from './one-time-secret.js';
import type { TelegramIdentity } from './worker-sign-in.js';

// A one-time link is `t.me/<bot>?start=<token>`: Telegram hands the token back as `/start <token>`.
// Deep-link payloads allow [A-Za-z0-9_-] up to 64 characters; the prefix tells a link token from an
// advertising payload, which is kept as a lead's source.
const TOKEN_PREFIX = 'lk';
const TOKEN_PATTERN = /^lk[A-Za-z0-9_-]{32}$/;
const LINK_TOKEN_TTL_HOURS = 72;

export const isLinkToken = (payload: string | null | undefined): payload is string => Boolean(payload && TOKEN_PATTERN.test(payload));

function telegramDeepLink(botUsername: string | null, token: string): string | null {
  return botUsername ? `https://t.me/${botUsername}?start=${token}` : null;
}

/** A one-time Telegram link as issued (the wire's TelegramLink, before JSON turns the moment into a string). */
export type IssuedLink = TelegramLink<Date>;

/**
 * Issues a one-time link for a user of the organization (client, worker or staff). Only the token's
 * hash is stored; earlier unused links of the same user stop working.
 */
export async function issueLinkToken(
  sequelize: Sequelize,
  input: { org_id: number; user_id: number; created_by?: number | null; ttl_hours?: number },
): Promise<IssuedLink> {
  const user = await User.findOne({ where: { id: input.user_id, org_id: input.org_id }, attributes: ['id', 'is_active'] });
  if (!user) throw notFound('User');
  if (!user.is_active) throw new DomainError('validation', 'This user is deactivated', { fields: { is_active: 'is false' } });
  const token = `${TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
  const expires_at = new Date(Date.now() + (input.ttl_hours ?? LINK_TOKEN_TTL_HOURS) * 3_600_000);
  const [org] = await sequelize.transaction(async (transaction) => {
    await storeOneTimeSecret(
      sequelize,
      transaction,
      { table: 'telegram_link_tokens', owner: 'user_id', hash: 'token_hash' },
      { org_id: input.org_id, owner_id: input.user_id, secret: token, created_by: input.created_by ?? null, expires_at },
    );
    return sequelize.query<{ bot_username: string | null }>('SELECT bot_username FROM organizations WHERE id = :id', {
      replacements: { id: input.org_id },
      type: QueryTypes.SELECT,
      transaction,
    });
  });
  const botUsername = org?.bot_username ?? null;
  return { token, url: telegramDeepLink(botUsername, token), expires_at, bot_username: botUsername };
}

/**
 * `/start <token>` from a Telegram account: the link's user gets this Telegram account, once. An
 * unknown, used or expired token links nobody.
 */
export async function redeemLinkToken(sequelize: Sequelize, orgId: number, token: string, identity: TelegramIdentity): Promise<LinkOutcome> {
  if (!isLinkToken(token)) return { status: 'invalid' };
  return sequelize.transaction(async (transaction) => {
    const [row] = await sequelize.query<{ id: number; user_id: number }>(
      `SELECT id, user_id FROM telegram_link_tokens
        WHERE org_id = :org_id AND token_hash = :hash AND used_at IS NULL AND expires_at > now() FOR UPDATE`,
      { replacements: { org_id: orgId, hash: hashSecret(token) }, type: QueryTypes.SELECT, transaction },
    );
    if (!row) return { status: 'invalid' } as const;
    const user = await User.findOne({ where: { id: row.user_id, org_id: orgId, is_active: true }, transaction, lock: transaction.LOCK.UPDATE });
    if (!user) return { status: 'invalid' } as const;
    const outcome = await attachTelegram(sequelize, user, identity, transaction, { replace: true });
    if (outcome.status === 'linked') {
      await sequelize.query('UPDATE telegram_link_tokens SET used_at = now(), used_by_telegram_id = :tg WHERE id = :id', {
        replacements: { id: row.id, tg: identity.telegram_id },
        transaction,
      });
    }
    return outcome;
  });
}
