import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * A staff email is unique within its organization only (case-insensitively), so one person can run
 * or work for several firms with the same address, and signing up or adding a user never tells
 * anyone that the address is used by another firm.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS users_email_key;
    CREATE UNIQUE INDEX users_org_email_key ON users (org_id, lower(email)) WHERE email IS NOT NULL;
    CREATE INDEX users_email_idx ON users (email) WHERE email IS NOT NULL;
  `);
};

/** Going back needs every email to be unique again across firms; with duplicates the index cannot be built and nothing changes. */
export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.transaction(async (transaction) => {
    await qi.sequelize.query(
      `
      DROP INDEX IF EXISTS users_email_idx;
      DROP INDEX IF EXISTS users_org_email_key;
      CREATE UNIQUE INDEX users_email_key ON users (email) WHERE email IS NOT NULL;
    `,
      { transaction },
    );
  });
};
