import { QueryTypes, type Sequelize, type SqlTransaction } from '@crm/database';
import { DomainError } from '../errors.js';

/** The largest logo kept: a header image of 120×48 points needs far less. */
export const LOGO_MAX_BYTES = 512 * 1024;

type LogoType = 'image/png' | 'image/jpeg';

export interface OrganizationLogo {
  content_type: LogoType;
  body: Buffer;
  updated_at: Date;
}

/** What the bytes are, read from their signature (a declared type or a file name proves nothing). */
function logoTypeOf(bytes: Buffer): LogoType | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

/** Sets (or replaces) the firm's logo: a PNG or JPEG of at most 512 KB, refused naming `logo` otherwise. */
export async function setOrganizationLogo(sequelize: Sequelize, orgId: number, bytes: Buffer): Promise<Omit<OrganizationLogo, 'body'> & { size: number }> {
  if (!bytes.length) throw new DomainError('validation', 'The logo file is empty', { fields: { logo: 'is required' } });
  if (bytes.length > LOGO_MAX_BYTES) {
    throw new DomainError('validation', `The logo must be at most ${LOGO_MAX_BYTES / 1024} KB`, {
      fields: { logo: `must be at most ${LOGO_MAX_BYTES / 1024} KB` },
    });
  }
  const type = logoTypeOf(bytes);
  if (!type) throw new DomainError('validation', 'The logo must be a PNG or JPEG image', { fields: { logo: 'must be a PNG or JPEG image' } });
  const [row] = await sequelize.query<{ updated_at: Date }>(
    `
    INSERT INTO organization_logos (org_id, content_type, body, updated_at) VALUES ($1, $2, $3, now())
    ON CONFLICT (org_id) DO UPDATE SET content_type = EXCLUDED.content_type, body = EXCLUDED.body, updated_at = now()
    RETURNING updated_at`,
    { bind: [orgId, type, bytes], type: QueryTypes.SELECT },
  );
  return { content_type: type, size: bytes.length, updated_at: row!.updated_at };
}

/** The firm's logo, or null when it has none. */
export async function organizationLogo(sequelize: Sequelize, orgId: number, transaction?: SqlTransaction): Promise<OrganizationLogo | null> {
  const [row] = await sequelize.query<OrganizationLogo>('SELECT content_type, body, updated_at FROM organization_logos WHERE org_id = $1', {
    bind: [orgId],
    type: QueryTypes.SELECT,
    ...(transaction ? { transaction } : {}),
  });
  return row ?? null;
}

/** Removes the firm's logo (nothing happens when it has none). */
export async function removeOrganizationLogo(sequelize: Sequelize, orgId: number): Promise<void> {
  await sequelize.query('DELETE FROM organization_logos WHERE org_id = $1', { bind: [orgId] });
}
