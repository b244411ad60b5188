import { createHash } from 'node:crypto';
import type { Sequelize, SqlTransaction } from '@crm/database';

/** One-time secrets (Telegram link tokens, group link codes) are kept only as this hash. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

type SecretTable =
  { table: 'telegram_link_tokens'; owner: 'user_id'; hash: 'token_hash' } | { table: 'group_link_codes'; owner: 'project_id'; hash: 'code_hash' };

/** Stores a new one-time secret's hash for its owner (a user, a project); the owner's earlier unused ones stop working. */
export async function storeOneTimeSecret(
  sequelize: Sequelize,
  transaction: SqlTransaction,
  where: SecretTable,
  values: { org_id: number; owner_id: number; secret: string; created_by: number | null; expires_at: Date },
): Promise<void> {
  const { table, owner, hash } = where;
  await sequelize.query(`UPDATE ${table} SET expires_at = now() WHERE org_id = :org_id AND ${owner} = :owner_id AND used_at IS NULL AND expires_at > now()`, {
    replacements: values,
    transaction,
  });
  await sequelize.query(
    `INSERT INTO ${table} (org_id, ${owner}, ${hash}, created_by, expires_at) VALUES (:org_id, :owner_id, :hash, :created_by, :expires_at)`,
    { replacements: { ...values, hash: hashSecret(values.secret) }, transaction },
  );
}
