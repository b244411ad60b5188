import { Organization, type SqlTransaction } from '@crm/database';
import { safeZone } from '../time/zone.js';

/** The organization's clock and language: its stored zone (an unknown one reads as UTC) and its locale. */
export async function organizationZone(org_id: number, transaction?: SqlTransaction): Promise<{ timezone: string; locale: 'ru' | 'en' }> {
  const org = await Organization.findByPk(org_id, { attributes: ['timezone', 'locale'], transaction });
  return { timezone: safeZone(org?.timezone), locale: org?.locale === 'en' ? 'en' : 'ru' };
}
