import { QueryTypes, type Sequelize } from '@crm/database';
import { mayHoldPhone, phoneInText } from '../ai/extract.js';
import { publishEvent } from '../events/publish.js';
import { normalizePhone } from '../phone.js';
import { organizationCountry } from './country.js';

/**
 * A phone a lead gives lands on the lead: their own contact (the contact button) always wins; a
 * number typed in a message fills the phone when the lead has none yet. Returns the phone stored.
 */
export async function recordLeadPhone(
  sequelize: Sequelize,
  input: { org_id: number; lead_id: number; own_contact?: string | null; text?: string | null },
): Promise<string | null> {
  // Most messages hold no phone: then the organization's country is not even read.
  if (!input.own_contact && !(input.text && mayHoldPhone(input.text))) return null;
  const country = await organizationCountry(input.org_id);
  const fromContact = input.own_contact ? normalizePhone(input.own_contact, country) : null;
  const phone = fromContact ?? (input.text ? (phoneInText(input.text, country) ?? null) : null);
  if (!phone) return null;
  const rows = await sequelize.query<{ id: number }>(
    `UPDATE leads SET phone = :phone, updated_at = now()
      WHERE id = :lead_id AND org_id = :org_id AND phone IS DISTINCT FROM :phone AND (phone IS NULL OR :authoritative)
      RETURNING id`,
    { replacements: { phone, lead_id: input.lead_id, org_id: input.org_id, authoritative: fromContact !== null }, type: QueryTypes.SELECT },
  );
  if (rows.length) await publishEvent(sequelize, { org_id: input.org_id, type: 'lead.updated', data: { id: input.lead_id } });
  return rows.length ? phone : null;
}
