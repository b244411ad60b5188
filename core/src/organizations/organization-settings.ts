import { QueryTypes, type Organization, type Sequelize } from '@crm/database';

/**
 * The admin's settings of the organization. A new bot token (or none) forgets the old bot's
 * identity and webhook secret: the bot process connects the new one and records them again.
 */
export function applyOrganizationSettings(org: Organization, values: Record<string, unknown>): void {
  const { bot_token, ...rest } = values as { bot_token?: string | null };
  org.set(rest as never);
  if (bot_token !== undefined) {
    const token = bot_token || null;
    org.set({ bot_token: token, bot_id: token ? Number(token.split(':')[0]) : null, bot_username: null, webhook_secret: null });
  }
}

/** An organization whose bot the bot process runs. */
export interface BotOrganization {
  id: number;
  bot_token: string;
  bot_id: number | null;
  bot_username: string | null;
  webhook_secret: string | null;
  locale: 'ru' | 'en';
}

export function organizationsWithBots(sequelize: Sequelize): Promise<BotOrganization[]> {
  return sequelize.query<BotOrganization>(
    `SELECT id, bot_token, bot_id, bot_username, webhook_secret, locale FROM organizations
     WHERE bot_token IS NOT NULL AND bot_token <> ''`,
    { type: QueryTypes.SELECT },
  );
}

/**
 * The bot behind the organization's token answered getMe: its id and username are recorded, and
 * its webhook secret is made once (`secret` is used only when there is none). Null when the token
 * changed meanwhile (the next reconcile connects the new one).
 */
export async function recordBotIdentity(
  sequelize: Sequelize,
  input: { org_id: number; token: string; bot_id: number; username: string | null; secret: string },
): Promise<{ webhook_secret: string } | null> {
  const [org] = await sequelize.query<{ webhook_secret: string }>(
    `UPDATE organizations SET bot_id = :bot_id, bot_username = :username, webhook_secret = COALESCE(webhook_secret, :secret), updated_at = now()
     WHERE id = :org_id AND bot_token = :token RETURNING webhook_secret`,
    { replacements: input, type: QueryTypes.SELECT },
  );
  return org ?? null;
}
