import { Organization, type SqlTransaction } from '@crm/database';
import { parsePhone } from '../phone.js';

/** The organization's country: phones written without a country code are read in it. */
export async function organizationCountry(orgId: number, transaction?: SqlTransaction): Promise<string> {
  const org = await Organization.findByPk(orgId, { attributes: ['country'], transaction });
  return org?.country ?? 'RU';
}

/**
 * A phone typed in the back office, normalised to E.164 in the organization's country (so a
 * Belarusian firm's "8 029 123-45-67" is +375...); an empty value clears it. Other values pass.
 */
export async function withTypedPhone<V extends Record<string, unknown>>(values: V, orgId: number, transaction?: SqlTransaction): Promise<V> {
  if (!('phone' in values) || values.phone === undefined) return values;
  const typed = typeof values.phone === 'string' ? values.phone.trim() : '';
  if (!typed) return { ...values, phone: null };
  return { ...values, phone: parsePhone(typed, 'phone', await organizationCountry(orgId, transaction)) };
}
