import { z } from 'zod';
import type { MiniAppIdentity } from '@crm/contracts';
import { Organization, User } from '@crm/database';
import { DomainError } from '../errors.js';
import { id, parseInput } from '../validation.js';
import { validateInitData } from './init-data.js';

const sessionInput = z.object({
  init_data: z.string({ message: 'is required: pass Telegram.WebApp.initData' }).min(1, 'is required: pass Telegram.WebApp.initData').max(8192),
  org_id: id,
});

export type { MiniAppIdentity } from '@crm/contracts';

/**
 * Who opened the Mini App: init data signed with this organization's bot token, fresh, from a
 * Telegram account that is a client of the organization. Any signature problem is `unauthorized`
 * (an unknown organization or one without a bot answers the same, so nothing leaks).
 */
export async function identifyMiniAppClient(rawInput: unknown, options: { maxAgeSeconds: number; now?: Date }): Promise<MiniAppIdentity> {
  const input = parseInput(sessionInput, rawInput, 'Invalid session request');
  const org = await Organization.findByPk(input.org_id);
  if (!org?.bot_token) throw new DomainError('unauthorized', 'Mini App init data refused: this organization has no bot', { reason: 'no_bot' });
  const signed = validateInitData(input.init_data, org.bot_token, { maxAgeSeconds: options.maxAgeSeconds, now: options.now ?? new Date() });

  const user = await User.findOne({ where: { org_id: org.id, telegram_id: signed.user.id, role: 'client', is_active: true } });
  if (!user) {
    throw new DomainError('forbidden', 'This Telegram account has no projects with this company yet; ask your manager', { reason: 'not_a_client' });
  }
  const language = signed.user.language_code ?? null;
  if (language && language !== user.language_code) await user.update({ language_code: language });
  return {
    user: { id: user.id, name: user.name, telegram_id: signed.user.id, language_code: language ?? user.language_code ?? null },
    organization: { id: org.id, name: org.name, currency: org.currency, locale: org.locale, timezone: org.timezone },
  };
}
