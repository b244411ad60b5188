import type { LeadDuplicate } from '@crm/contracts';
import { Lead, QueryTypes, type Sequelize } from '@crm/database';
import { notFound } from '../errors.js';
import { normalizePhone } from '../phone.js';
import { organizationCountry } from '../people/country.js';

export type { LeadDuplicate } from '@crm/contracts';

/**
 * Other leads of the organization that are probably the same person: the same phone once both are
 * read in the organization's country (so "8 900 123-45-67" and "+7 900 1234567" match), or the same
 * Telegram account.
 */
export async function findLeadDuplicates(sequelize: Sequelize, orgId: number, leadId: number): Promise<LeadDuplicate[]> {
  const lead = await Lead.findOne({ where: { id: leadId, org_id: orgId }, attributes: ['id', 'phone', 'telegram_id'] });
  if (!lead) throw notFound('Lead');
  const country = await organizationCountry(orgId);
  const phone = lead.phone ? normalizePhone(lead.phone, country) : null;
  if (!phone && !lead.telegram_id) return [];
  const digits = phone ? phone.replace(/\D/g, '').slice(-10) : null;
  // Candidates share the phone's last ten digits (or the Telegram id); each is then read exactly in the country.
  const candidates = await sequelize.query<{
    id: number;
    name: string;
    status: LeadDuplicate['status'];
    phone: string | null;
    telegram_id: string | null;
    created_at: Date;
  }>(
    `SELECT id, name, status, phone, telegram_id, created_at FROM leads
      WHERE org_id = :orgId AND id <> :leadId
        AND ((CAST(:digits AS text) IS NOT NULL AND phone IS NOT NULL AND right(regexp_replace(phone, '\\D', '', 'g'), 10) = :digits)
          OR (CAST(:telegramId AS bigint) IS NOT NULL AND telegram_id = CAST(:telegramId AS bigint)))
      ORDER BY created_at LIMIT 20`,
    { replacements: { orgId, leadId, digits, telegramId: lead.telegram_id ?? null }, type: QueryTypes.SELECT },
  );
  return candidates.flatMap((c) => {
    const match: LeadDuplicate['match'] = [];
    if (phone && c.phone && normalizePhone(c.phone, country) === phone) match.push('phone');
    if (lead.telegram_id && c.telegram_id !== null && String(c.telegram_id) === String(lead.telegram_id)) match.push('telegram');
    return match.length ? [{ id: c.id, name: c.name, status: c.status, phone: c.phone, created_at: new Date(c.created_at).toISOString(), match }] : [];
  });
}
