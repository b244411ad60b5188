import { Organization } from '@crm/database';
import { DomainError, notFound } from '../errors.js';
import { TelegramClient } from './telegram-client.js';
import type { TelegramRoots } from './sandbox.js';

/**
 * Asks Telegram who the organization's bot is (getMe) and remembers its username, so the settings
 * screen can say "connected as @name" — or explain why the token does not work.
 */
export async function checkOrganizationBot(orgId: number, roots: TelegramRoots) {
  const org = await Organization.findByPk(orgId);
  if (!org) throw notFound('Organization');
  if (!org.bot_token) return { connected: false, reason: 'No bot token is set: paste the token from @BotFather.' };
  const me = await new TelegramClient(org.bot_token, { ...roots, timeoutMs: 10_000 }).call('getMe', undefined as never);
  if (!me.ok) {
    if (me.kind === 'transient') throw new DomainError('unavailable', 'Telegram did not answer; try again in a minute');
    return { connected: false, reason: `Telegram refused the token (${me.description}): check it in @BotFather.` };
  }
  const username = (me.result as { username?: string }).username ?? null;
  await org.update({ bot_username: username });
  return { connected: true, username, bot_id: org.bot_id };
}
