import type { UserRecord } from './users.js';
import type { Moment } from './wire.js';

/** GET/PUT /api/profile: a staff member's own profile, the part of their user record they see (`locale` null follows the organization's language). */
export type Profile = Pick<UserRecord, 'id' | 'org_id' | 'role' | 'name' | 'email' | 'phone' | 'telegram_linked' | 'telegram_username' | 'locale'>;

/** PUT /api/profile: what a person may change about themselves. */
export type ProfileUpdate = Partial<Pick<Profile, 'name' | 'phone' | 'locale'>>;

/** A one-time Telegram link (t.me/<bot>?start=<token>) for a person (POST /api/profile/telegram-link, /api/users/:id/invite). */
export interface TelegramLink<Time extends Moment = string> {
  token: string;
  /** Null while the organization's bot is not connected (its username is unknown). */
  url: string | null;
  expires_at: Time;
  bot_username: string | null;
}
