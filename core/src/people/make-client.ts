import { z } from 'zod';
import { Lead, Op, User, type Sequelize } from '@crm/database';
import { DomainError, notFound } from '../errors.js';
import { publishEvent } from '../events/publish.js';
import { normalizePhone } from '../phone.js';
import { organizationCountry } from './country.js';
import { parseInput } from '../validation.js';

const makeClientInput = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  phone: z.string().trim().max(40).optional(),
});

export interface MadeClient {
  client: User;
  lead: Lead;
  /** False when an existing client was attached (matched by Telegram id or phone) or the lead already had one. */
  created: boolean;
}

const STAFF_OR_WORKER = (role: string) => role !== 'client';

/**
 * The lead becomes a client: the same person and the same conversation. An existing client of the
 * organization with the lead's Telegram id or phone is attached; otherwise a client user is created
 * carrying the lead's Telegram id, username, language and phone. The lead keeps its thread and
 * points at the client, so the client's next messages land in the same conversation. Idempotent.
 */
export async function makeClient(sequelize: Sequelize, orgId: number, leadId: number, body: unknown = {}): Promise<MadeClient> {
  const input = parseInput(makeClientInput, body ?? {}, 'Invalid client');
  const country = await organizationCountry(orgId);
  const phoneGiven = input.phone ? normalizePhone(input.phone, country) : null;
  if (input.phone && !phoneGiven) {
    throw new DomainError('validation', 'Invalid client: phone must be a phone number', { fields: { phone: 'must be a phone number, e.g. +7 900 123-45-67' } });
  }
  const made = await sequelize.transaction(async (transaction) => {
    const lead = await Lead.findOne({ where: { id: leadId, org_id: orgId }, transaction, lock: transaction.LOCK.UPDATE });
    if (!lead) throw notFound('Lead');
    if (lead.client_id) {
      const existing = await User.findOne({ where: { id: lead.client_id, org_id: orgId }, transaction });
      if (existing) return { client: existing, lead, created: false };
    }
    const phone = phoneGiven ?? (lead.phone ? normalizePhone(lead.phone, country) : null);
    const telegramId = lead.telegram_id ?? null;
    const matches = await User.findAll({
      where: { org_id: orgId, [Op.or]: [...(telegramId ? [{ telegram_id: telegramId }] : []), ...(phone ? [{ phone }] : [])] },
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    const byTelegram = matches.find((u) => telegramId !== null && Number(u.telegram_id) === Number(telegramId));
    const byPhone = matches.find((u) => phone !== null && u.phone === phone);
    const blocker = [byTelegram, byPhone].find((u) => u && STAFF_OR_WORKER(u.role));
    if (blocker) {
      const field = blocker === byTelegram ? 'telegram_id' : 'phone';
      throw new DomainError('conflict', `This person's ${field === 'phone' ? 'phone' : 'Telegram account'} belongs to a ${blocker.role} of the organization`, {
        reason: 'person_is_staff',
        fields: { [field]: `belongs to a ${blocker.role}` },
      });
    }
    if (byTelegram && byPhone && byTelegram.id !== byPhone.id) {
      throw new DomainError('conflict', 'The Telegram account and the phone belong to two different clients', {
        reason: 'two_clients',
        fields: { phone: 'belongs to another client' },
      });
    }
    let client = byTelegram ?? byPhone ?? null;
    let created = false;
    if (client) {
      if (telegramId && client.telegram_id && Number(client.telegram_id) !== Number(telegramId)) {
        throw new DomainError('conflict', 'This phone belongs to a client linked to another Telegram account', {
          reason: 'other_telegram',
          fields: { phone: 'belongs to a client with another Telegram account' },
        });
      }
      client.set({
        telegram_id: client.telegram_id ?? telegramId,
        telegram_username: client.telegram_username ?? lead.username,
        language_code: client.language_code ?? lead.language_code,
        phone: client.phone ?? phone,
        manager_id: client.manager_id ?? lead.manager_id,
      });
      await client.save({ transaction });
    } else {
      client = await User.create(
        {
          org_id: orgId,
          role: 'client',
          name: input.name ?? (lead.name.trim() || lead.username || `Client ${lead.id}`),
          phone,
          telegram_id: telegramId,
          telegram_username: lead.username,
          language_code: lead.language_code,
          manager_id: lead.manager_id,
        },
        { transaction },
      );
      created = true;
    }
    lead.set({ client_id: client.id, last_activity_at: new Date(), ...(phone && !lead.phone ? { phone } : {}) });
    await lead.save({ transaction });
    await publishEvent(transaction, { org_id: orgId, type: 'lead.updated', data: { id: lead.id } });
    return { client, lead, created };
  });
  return made;
}
