import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

// A worker's voice note travels with the report's media (one ingest pipeline for all files); once
// its storage key is known, it is also the report's voice_url, which the back office plays.
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE FUNCTION daily_reports_voice_url() RETURNS trigger AS $$
    BEGIN
      IF NEW.voice_url IS NULL THEN
        SELECT item->>'key' INTO NEW.voice_url FROM jsonb_array_elements(NEW.media_urls) AS item
         WHERE item->>'type' = 'voice' AND coalesce(item->>'key', '') <> '' LIMIT 1;
      END IF;
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    CREATE TRIGGER daily_reports_voice_url BEFORE INSERT OR UPDATE OF media_urls ON daily_reports
      FOR EACH ROW EXECUTE FUNCTION daily_reports_voice_url();
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TRIGGER IF EXISTS daily_reports_voice_url ON daily_reports;
    DROP FUNCTION IF EXISTS daily_reports_voice_url();
  `);
};
