import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * lead_measurements: what an estimator sent from the site of a measurement visit (notes, photos and
 * the rooms read from the notes), kept on the lead so an estimate can start from its rooms.
 * Photos are Telegram files at first; the media job writes each one's storage key into `media`.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE lead_measurements (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      appointment_id INTEGER REFERENCES appointments(id) ON DELETE SET NULL,
      author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      notes TEXT NOT NULL DEFAULT '',
      rooms JSONB NOT NULL DEFAULT '[]',
      media JSONB NOT NULL DEFAULT '[]',
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX lead_measurements_lead ON lead_measurements (org_id, lead_id, created_at DESC);
    CREATE INDEX appointments_estimator ON appointments (estimator_id, starts_at) WHERE status IN ('scheduled', 'confirmed', 'reschedule_requested');
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS appointments_estimator;
    DROP TABLE IF EXISTS lead_measurements;
  `);
};
