import type { Locale } from './enums.js';
import type { Moment } from './wire.js';

/**
 * GET/PUT /api/organizations/:id: the organization's settings as the Settings page edits them. The
 * bot token and the webhook secret never leave the server: `has_bot_token` says whether one is set.
 */
export interface OrganizationRecord<Time extends Moment = string> {
  id: number;
  name: string;
  owner_id: number | null;
  currency: string;
  /** ISO 3166 country: the default region for phone numbers typed without a country code. */
  country: string;
  timezone: string;
  locale: Locale;
  ai_enabled: boolean;
  ai_instructions: string | null;
  ai_daily_cap_usd: string;
  hot_budget_threshold: string | null;
  stale_lead_days: number;
  report_reminder_hour: number;
  digest_hour: number;
  notify_client_on_report: boolean;
  expense_categories: string[];
  has_bot_token: boolean;
  /** The bot lives in the built-in Telegram sandbox (development only). */
  bot_sandbox: boolean;
  bot_username: string | null;
  created_at: Time;
  updated_at: Time;
}

/** POST /api/organizations/:id/bot-check: whether Telegram accepts the token (getMe), and the bot's username. */
export interface BotCheck {
  connected: boolean;
  username?: string | null;
  reason?: string;
}

/** PUT /api/organizations/:id/logo: the stored logo. */
export interface StoredLogo {
  content_type: string;
  size: number;
}
