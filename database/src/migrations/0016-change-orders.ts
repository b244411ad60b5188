import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * Change orders as estimate deltas, and contracts from a per-organization template.
 * - A change request may carry lines against the project's approved estimate: an added line (in a
 *   section), a removed one, or a new quantity / unit price for an existing one. Each line keeps the
 *   figures before and after, so what the client approved stays on record. `applied_at` marks the
 *   moment an approval was applied to the contract and stage budgets (once).
 * - A stage made from an estimate section remembers the section, so a change order finds its stage.
 * - The contract template of an organization (null body: the built-in one).
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE stages ADD COLUMN IF NOT EXISTS estimate_section_id INTEGER REFERENCES estimate_sections(id) ON DELETE SET NULL;
    ALTER TABLE change_requests
      ADD COLUMN estimate_id INTEGER REFERENCES estimates(id) ON DELETE SET NULL,
      ADD COLUMN figures JSONB,
      ADD COLUMN applied_at TIMESTAMPTZ;
    CREATE INDEX change_requests_applied_idx ON change_requests (project_id, applied_at) WHERE applied_at IS NOT NULL;

    CREATE TABLE change_request_lines (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      change_request_id INTEGER NOT NULL REFERENCES change_requests(id) ON DELETE CASCADE,
      position INTEGER NOT NULL DEFAULT 0,
      action TEXT NOT NULL CHECK (action IN ('add', 'remove', 'change')),
      estimate_line_id INTEGER REFERENCES estimate_lines(id) ON DELETE SET NULL,
      added_line_id INTEGER REFERENCES change_request_lines(id) ON DELETE SET NULL,
      section_id INTEGER REFERENCES estimate_sections(id) ON DELETE SET NULL,
      section_name TEXT NOT NULL DEFAULT '',
      stage_id INTEGER REFERENCES stages(id) ON DELETE SET NULL,
      catalogue_item_id INTEGER,
      name TEXT NOT NULL,
      unit TEXT NOT NULL DEFAULT '',
      quantity_source TEXT NOT NULL DEFAULT 'manual' CHECK (quantity_source IN ('manual', 'floor_area', 'wall_area', 'perimeter')),
      old_quantity NUMERIC(12, 3),
      old_unit_price NUMERIC(14, 2),
      old_total NUMERIC(14, 2),
      new_quantity NUMERIC(12, 3),
      new_unit_price NUMERIC(14, 2),
      new_total NUMERIC(14, 2),
      delta NUMERIC(14, 2) NOT NULL DEFAULT 0,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX change_request_lines_request_idx ON change_request_lines (change_request_id, position);

    CREATE TABLE contract_templates (
      org_id INTEGER PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
      body TEXT NOT NULL,
      updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS contract_templates;
    DROP TABLE IF EXISTS change_request_lines;
    DROP INDEX IF EXISTS change_requests_applied_idx;
    ALTER TABLE change_requests DROP COLUMN IF EXISTS applied_at, DROP COLUMN IF EXISTS figures, DROP COLUMN IF EXISTS estimate_id;
    ALTER TABLE stages DROP COLUMN IF EXISTS estimate_section_id;
  `);
};
