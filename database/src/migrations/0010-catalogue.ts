import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * - catalogue_items: an organization's price list of works and materials. A work may say how much
 *   of one material a unit of it consumes. Import matches rows by name and unit, so that pair is
 *   unique per organization.
 * - appointments: a measurement visit booked from a lead: when (a slot), who measures, where, and
 *   what the client answered in the bot; reminder columns record what was already sent.
 * - estimate lines remember the catalogue item they were picked from (a deleted item leaves the
 *   line, which keeps its own copy of name, unit and price).
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE catalogue_items (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      kind TEXT NOT NULL DEFAULT 'work' CHECK (kind IN ('work', 'material')),
      name TEXT NOT NULL CHECK (length(btrim(name)) > 0),
      unit TEXT NOT NULL CHECK (unit IN ('m2', 'm', 'pcs', 'point', 'set', 'm3', 'kg', 'l', 'hour', 'day', 'pack', 't')),
      price NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (price >= 0),
      category TEXT NOT NULL DEFAULT '',
      description TEXT NOT NULL DEFAULT '',
      material_id INTEGER REFERENCES catalogue_items(id) ON DELETE SET NULL,
      material_qty NUMERIC(12, 4) CHECK (material_qty > 0),
      archived BOOLEAN NOT NULL DEFAULT false,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      CHECK (material_id IS NULL OR kind = 'work')
    );
    CREATE UNIQUE INDEX catalogue_items_name_unit ON catalogue_items (org_id, name, unit);
    CREATE INDEX catalogue_items_org_category ON catalogue_items (org_id, category);

    CREATE TABLE appointments (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      estimator_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
      starts_at TIMESTAMPTZ NOT NULL,
      ends_at TIMESTAMPTZ NOT NULL,
      address TEXT NOT NULL DEFAULT '',
      notes TEXT NOT NULL DEFAULT '',
      status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'confirmed', 'reschedule_requested', 'cancelled', 'done')),
      answered_at TIMESTAMPTZ,
      reminded_day_before_at TIMESTAMPTZ,
      reminded_soon_at TIMESTAMPTZ,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      CHECK (ends_at > starts_at)
    );
    CREATE INDEX appointments_org_starts ON appointments (org_id, starts_at);
    CREATE INDEX appointments_lead ON appointments (lead_id);
    CREATE INDEX appointments_upcoming ON appointments (starts_at) WHERE status IN ('scheduled', 'confirmed');

    UPDATE estimate_lines SET catalogue_item_id = NULL WHERE catalogue_item_id IS NOT NULL;
    ALTER TABLE estimate_lines ADD CONSTRAINT estimate_lines_catalogue_item_id_fkey
      FOREIGN KEY (catalogue_item_id) REFERENCES catalogue_items(id) ON DELETE SET NULL;
    CREATE INDEX estimate_lines_catalogue_item ON estimate_lines (catalogue_item_id) WHERE catalogue_item_id IS NOT NULL;
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE estimate_lines DROP CONSTRAINT IF EXISTS estimate_lines_catalogue_item_id_fkey;
    DROP INDEX IF EXISTS estimate_lines_catalogue_item;
    DROP TABLE IF EXISTS appointments;
    DROP TABLE IF EXISTS catalogue_items;
  `);
};
