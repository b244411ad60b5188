import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * The language a staff member chose in their profile: the back office opens in it and the bot writes
 * to them in it. Empty means "the organization's language" (or their Telegram one, in the bot).
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`ALTER TABLE users ADD COLUMN locale TEXT CHECK (locale IN ('ru', 'en'))`);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query('ALTER TABLE users DROP COLUMN IF EXISTS locale');
};
