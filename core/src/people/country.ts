import { Organization, type SqlTransaction } from '@crm/database';

/** The organization's country: phones written without a country code are read in it. */
export async function organizationCountry(orgId: number, transaction?: SqlTransaction): Promise<string> {
  const org = await Organization.findByPk(orgId, { attributes: ['country'], transaction });
  return org?.country ?? 'RU';
}
