import type { Sequelize } from '@crm/database';

/**
 * Makes the first insert into `table` whose new row matches `condition` (SQL over NEW) fail, as a
 * database restart would, and lets every later one through. A sequence counts the matches: unlike
 * a row written by the trigger, it is not rolled back with the failed insert. Answers the function
 * that removes it all; `name` must be a plain identifier of its own.
 */
export async function failFirstInsert(sequelize: Sequelize, name: string, table: string, condition: string): Promise<() => Promise<void>> {
  await sequelize.query(`
    DROP SEQUENCE IF EXISTS ${name}_seq;
    CREATE SEQUENCE ${name}_seq;
    CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (${condition}) AND nextval('${name}_seq') = 1 THEN
        RAISE EXCEPTION 'database restarting';
      END IF;
      RETURN NEW;
    END $$;
    DROP TRIGGER IF EXISTS ${name} ON ${table};
    CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}();`);
  return async () => {
    await sequelize.query(`DROP TRIGGER IF EXISTS ${name} ON ${table}; DROP FUNCTION IF EXISTS ${name}(); DROP SEQUENCE IF EXISTS ${name}_seq;`);
  };
}
