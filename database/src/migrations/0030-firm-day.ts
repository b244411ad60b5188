import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * A money record written without a day is dated the organization's today, not the server's: an
 * expense entered at 07:00 in Vladivostok is that morning's, though UTC is still on the day before.
 * The database sets it for every writer (the back office, a worker's receipt in the bot, imports),
 * so no writer can date it by its own clock; a zone PostgreSQL does not know dates it in UTC rather
 * than refusing the record.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE FUNCTION transactions_firm_day() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE zone text;
    BEGIN
      SELECT timezone INTO zone FROM organizations WHERE id = NEW.org_id;
      BEGIN
        NEW.occurred_on := (now() AT TIME ZONE COALESCE(zone, 'UTC'))::date;
      EXCEPTION WHEN invalid_parameter_value THEN
        NEW.occurred_on := (now() AT TIME ZONE 'UTC')::date;
      END;
      RETURN NEW;
    END $$;
    ALTER TABLE transactions ALTER COLUMN occurred_on DROP DEFAULT;
    CREATE TRIGGER transactions_firm_day BEFORE INSERT ON transactions FOR EACH ROW WHEN (NEW.occurred_on IS NULL) EXECUTE FUNCTION transactions_firm_day();
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TRIGGER IF EXISTS transactions_firm_day ON transactions;
    DROP FUNCTION IF EXISTS transactions_firm_day();
    ALTER TABLE transactions ALTER COLUMN occurred_on SET DEFAULT CURRENT_DATE;
  `);
};
