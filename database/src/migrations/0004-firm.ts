import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

// One-time Telegram links (t.me/<bot>?start=<token>) for clients, workers and staff. Only the
// token's SHA-256 is stored, so a database dump cannot be used to take over anyone's account.
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE telegram_link_tokens (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      token_hash TEXT NOT NULL UNIQUE,
      created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
      expires_at TIMESTAMPTZ NOT NULL,
      used_at TIMESTAMPTZ,
      used_by_telegram_id BIGINT,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX telegram_link_tokens_user_idx ON telegram_link_tokens (org_id, user_id);
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query('DROP TABLE IF EXISTS telegram_link_tokens');
};
