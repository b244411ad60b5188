import { randomBytes } from 'node:crypto';
import { QueryTypes, type Sequelize } from '@crm/database';

/**
 * Bot tokens issued by the built-in Telegram sandbox carry this mark after the colon. The mark is
 * what routes an organization's Bot API calls to the sandbox instead of Telegram, so a real token
 * pasted in Settings switches that organization to Telegram while the others stay in the sandbox.
 */
const SANDBOX_MARK = 'SANDBOX';
const SANDBOX_TOKEN_RE = /^\d+:SANDBOX[0-9a-f]{32}$/;
/** Sandbox bot ids sit far from the organization ids and from one another: one bot per organization. */
const SANDBOX_BOT_ID_BASE = 5_900_000_000;

export const isSandboxToken = (token: string | null | undefined): boolean => Boolean(token && SANDBOX_TOKEN_RE.test(token));

function mintSandboxToken(orgId: number): string {
  return `${SANDBOX_BOT_ID_BASE + orgId}:${SANDBOX_MARK}${randomBytes(16).toString('hex')}`;
}

export interface TelegramRoots {
  /** The real Bot API (or a self-hosted one). */
  apiRoot: string;
  /** The built-in sandbox, when this process runs with it (never in production). */
  sandboxUrl?: string | undefined;
}

/**
 * Where a token's Bot API calls go: sandbox tokens to the sandbox, every other token to Telegram.
 * A sandbox token with no sandbox running has nowhere to go (null): its organization has no bot.
 */
export function apiRootFor(token: string, roots: TelegramRoots): string | null {
  if (!isSandboxToken(token)) return roots.apiRoot;
  return roots.sandboxUrl ?? null;
}

/** Whether `npm start` runs the sandbox: never in production, never when switched off, and only when an organization needs it. */
export function sandboxWanted(input: { nodeEnv?: string | undefined; setting?: string | undefined; organizationsWithoutBot: number }): boolean {
  if (input.nodeEnv === 'production') return false;
  if (input.setting === 'off') return false;
  return input.organizationsWithoutBot > 0;
}

/** Organizations with no bot token or a sandbox one: those the sandbox serves. */
export async function countSandboxOrganizations(sequelize: Sequelize): Promise<number> {
  const [row] = await sequelize.query<{ n: string }>(
    `SELECT count(*) AS n FROM organizations WHERE bot_token IS NULL OR bot_token = '' OR bot_token LIKE '%:${SANDBOX_MARK}%'`,
    { type: QueryTypes.SELECT },
  );
  return Number(row?.n ?? 0);
}

/**
 * Gives every organization without a bot token a sandbox bot, so the Telegram side of the product
 * works on a machine with no token and no internet. Returns how many were connected.
 */
export async function connectOrganizationsToSandbox(sequelize: Sequelize): Promise<number> {
  const rows = await sequelize.query<{ id: number }>(`SELECT id FROM organizations WHERE bot_token IS NULL OR bot_token = ''`, { type: QueryTypes.SELECT });
  let connected = 0;
  for (const { id } of rows) {
    const token = mintSandboxToken(Number(id));
    const updated = await sequelize.query(
      `UPDATE organizations SET bot_token = :token, bot_id = :bot_id, bot_username = NULL, webhook_secret = NULL, updated_at = now()
       WHERE id = :id AND (bot_token IS NULL OR bot_token = '') RETURNING id`,
      { replacements: { id, token, bot_id: Number(token.split(':')[0]) }, type: QueryTypes.SELECT },
    );
    connected += updated.length;
  }
  return connected;
}
