import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

// The organization's country: the default region for phone numbers typed without a country code
// ("8 029 123-45-67" is Belarusian for a firm in Minsk, "07911 123456" British for one in London).
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE organizations ADD COLUMN country varchar(2) NOT NULL DEFAULT 'RU'
      CHECK (country ~ '^[A-Z]{2}$');
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query('ALTER TABLE organizations DROP COLUMN country');
};
