import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * The firm's logo, drawn in the header of its estimate and contract PDFs: a small PNG or JPEG kept
 * beside the organization (not on its row, which is read on every request).
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE organization_logos (
      org_id INTEGER PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
      content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg')),
      body BYTEA NOT NULL CHECK (octet_length(body) BETWEEN 1 AND 524288),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query('DROP TABLE IF EXISTS organization_logos');
};
