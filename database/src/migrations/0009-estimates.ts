import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * Estimates (сметы) for a lead or a project: versions, sections (rooms or stages, optionally with
 * room measures) and lines. Totals are computed by core and stored on save. A line keeps its own
 * copy of name, unit and price; `catalogue_item_id` only remembers where it was picked from.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TYPE estimate_status AS ENUM ('draft', 'sent', 'approved', 'superseded');
    CREATE TABLE estimates (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      lead_id INTEGER REFERENCES leads(id) ON DELETE CASCADE,
      project_id INTEGER REFERENCES projects(id) ON DELETE SET NULL,
      version INTEGER NOT NULL DEFAULT 1,
      title TEXT NOT NULL DEFAULT '',
      status estimate_status NOT NULL DEFAULT 'draft',
      currency VARCHAR(3) NOT NULL,
      markup_type TEXT NOT NULL DEFAULT 'percent' CHECK (markup_type IN ('percent', 'amount')),
      markup_value NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (markup_value >= 0),
      discount_type TEXT NOT NULL DEFAULT 'percent' CHECK (discount_type IN ('percent', 'amount')),
      discount_value NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (discount_value >= 0),
      vat_rate NUMERIC(5, 2) CHECK (vat_rate >= 0 AND vat_rate <= 100),
      vat_included BOOLEAN NOT NULL DEFAULT false,
      valid_until DATE,
      notes TEXT NOT NULL DEFAULT '',
      subtotal NUMERIC(14, 2) NOT NULL DEFAULT 0,
      markup_amount NUMERIC(14, 2) NOT NULL DEFAULT 0,
      discount_amount NUMERIC(14, 2) NOT NULL DEFAULT 0,
      vat_amount NUMERIC(14, 2) NOT NULL DEFAULT 0,
      total NUMERIC(14, 2) NOT NULL DEFAULT 0,
      pdf_key TEXT,
      created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
      sent_at TIMESTAMPTZ,
      approved_at TIMESTAMPTZ,
      approved_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
      approved_by_telegram_id BIGINT,
      approved_via TEXT CHECK (approved_via IN ('back_office', 'telegram', 'miniapp')),
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      CHECK (lead_id IS NOT NULL OR project_id IS NOT NULL)
    );
    CREATE INDEX estimates_lead_idx ON estimates (org_id, lead_id, version);
    CREATE INDEX estimates_project_idx ON estimates (org_id, project_id, version);

    CREATE TABLE estimate_sections (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      estimate_id INTEGER NOT NULL REFERENCES estimates(id) ON DELETE CASCADE,
      position INTEGER NOT NULL DEFAULT 0,
      name TEXT NOT NULL,
      length NUMERIC(6, 2),
      width NUMERIC(6, 2),
      height NUMERIC(6, 2),
      openings JSONB NOT NULL DEFAULT '[]',
      floor_area NUMERIC(12, 2),
      wall_area NUMERIC(12, 2),
      perimeter NUMERIC(12, 2),
      subtotal NUMERIC(14, 2) NOT NULL DEFAULT 0,
      total NUMERIC(14, 2) NOT NULL DEFAULT 0,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX estimate_sections_estimate_idx ON estimate_sections (estimate_id, position);

    CREATE TABLE estimate_lines (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      estimate_id INTEGER NOT NULL REFERENCES estimates(id) ON DELETE CASCADE,
      section_id INTEGER NOT NULL REFERENCES estimate_sections(id) ON DELETE CASCADE,
      position INTEGER NOT NULL DEFAULT 0,
      catalogue_item_id INTEGER,
      name TEXT NOT NULL,
      unit TEXT NOT NULL DEFAULT '',
      quantity NUMERIC(12, 3) NOT NULL DEFAULT 0 CHECK (quantity >= 0),
      quantity_source TEXT NOT NULL DEFAULT 'manual' CHECK (quantity_source IN ('manual', 'floor_area', 'wall_area', 'perimeter')),
      unit_price NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (unit_price >= 0),
      total NUMERIC(14, 2) NOT NULL DEFAULT 0,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX estimate_lines_section_idx ON estimate_lines (section_id, position);
    CREATE INDEX estimate_lines_estimate_idx ON estimate_lines (estimate_id);
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS estimate_lines;
    DROP TABLE IF EXISTS estimate_sections;
    DROP TABLE IF EXISTS estimates;
    DROP TYPE IF EXISTS estimate_status;
  `);
};
