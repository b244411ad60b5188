import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * - users.token_version: every session token carries it; a change of role, deactivation or a new
 *   password bumps it (a trigger, so no code path can forget), and older tokens stop working.
 * - auth_throttle: failed sign-ins and sign-ups per account and per address, with the lock they earn.
 * - organizations.storage_bytes: what an organization's uploads occupy, checked against its quota.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0;
    CREATE FUNCTION users_token_version() RETURNS trigger AS $$
    BEGIN
      IF NEW.role IS DISTINCT FROM OLD.role OR NEW.is_active IS DISTINCT FROM OLD.is_active
         OR NEW.password_hash IS DISTINCT FROM OLD.password_hash OR NEW.org_id IS DISTINCT FROM OLD.org_id THEN
        NEW.token_version := OLD.token_version + 1;
      END IF;
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    CREATE TRIGGER users_token_version BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_token_version();

    CREATE TABLE auth_throttle (
      key text PRIMARY KEY,
      failures integer NOT NULL DEFAULT 0,
      window_started_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz
    );

    ALTER TABLE organizations ADD COLUMN storage_bytes bigint NOT NULL DEFAULT 0;
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE organizations DROP COLUMN IF EXISTS storage_bytes;
    DROP TABLE IF EXISTS auth_throttle;
    DROP TRIGGER IF EXISTS users_token_version ON users;
    DROP FUNCTION IF EXISTS users_token_version();
    ALTER TABLE users DROP COLUMN IF EXISTS token_version;
  `);
};
