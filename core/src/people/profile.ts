import { LOCALES, type Profile } from '@crm/contracts';
import { z } from 'zod';
import { User, type Sequelize } from '@crm/database';
import { DomainError, notFound } from '../errors.js';
import { normalizePhone } from '../phone.js';
import { organizationCountry } from './country.js';
import { parseInput } from '../validation.js';

/** A staff member's own profile (GET/PUT /api/profile), as the wire contract describes it. */
export type { Profile };

const profileOf = (user: User): Profile => ({
  id: user.id,
  org_id: user.org_id,
  role: user.role,
  name: user.name,
  email: user.email,
  phone: user.phone,
  telegram_linked: user.telegram_id !== null,
  telegram_username: user.telegram_username,
  locale: user.locale ?? null,
});

// What a staff member may change about themselves; the rest of a GET answer is sent back unchanged
// by react-admin and ignored.
const profileUpdate = z
  .object({
    name: z.string().trim().min(1, 'is required').max(120),
    phone: z.string().trim().max(40).nullable(),
    locale: z.enum(LOCALES).nullable(),
  })
  .partial();

export async function getProfile(orgId: number, userId: number): Promise<Profile> {
  const user = await User.findOne({ where: { id: userId, org_id: orgId, is_active: true } });
  if (!user) throw notFound('Account');
  return profileOf(user);
}

/**
 * A staff member edits their own name, phone (which lets them link Telegram by sharing their contact)
 * and language (the back office's and the bot's to them).
 */
export async function updateProfile(sequelize: Sequelize, orgId: number, userId: number, body: unknown): Promise<Profile> {
  const input = parseInput(profileUpdate, body ?? {}, 'Invalid profile');
  let phone: string | null | undefined;
  if (input.phone !== undefined) {
    phone = input.phone ? normalizePhone(input.phone, await organizationCountry(orgId)) : null;
    if (input.phone && !phone)
      throw new DomainError('validation', 'Invalid profile: phone must be a phone number', {
        fields: { phone: 'must be a phone number, e.g. +7 900 123-45-67' },
      });
  }
  return sequelize.transaction(async (transaction) => {
    const user = await User.findOne({ where: { id: userId, org_id: orgId, is_active: true }, transaction, lock: transaction.LOCK.UPDATE });
    if (!user) throw notFound('Account');
    if (phone) {
      const holder = await User.findOne({ where: { org_id: orgId, phone }, transaction });
      if (holder && holder.id !== user.id)
        throw new DomainError('conflict', 'This phone belongs to another person of the organization', { fields: { phone: 'belongs to another person' } });
    }
    await user.update(
      {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(phone !== undefined ? { phone } : {}),
        ...(input.locale !== undefined ? { locale: input.locale } : {}),
      },
      { transaction },
    );
    return profileOf(user);
  });
}

/**
 * A staff member detaches their Telegram: the bot stops bringing them handoffs and digests until they
 * link again. Their messages with the bot stay in the history.
 */
export async function unlinkOwnTelegram(sequelize: Sequelize, orgId: number, userId: number): Promise<Profile> {
  return sequelize.transaction(async (transaction) => {
    const user = await User.findOne({ where: { id: userId, org_id: orgId, is_active: true }, transaction, lock: transaction.LOCK.UPDATE });
    if (!user) throw notFound('Account');
    await user.update({ telegram_id: null, telegram_username: null, unreachable: false }, { transaction });
    return profileOf(user);
  });
}
