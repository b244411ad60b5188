import type { Locale } from './enums.js';
import type { Moment } from './wire.js';

/** GET/PUT /api/profile: a staff member's own profile. */
export interface Profile {
  id: number;
  org_id: number;
  role: string;
  name: string;
  email: string | null;
  phone: string | null;
  telegram_linked: boolean;
  telegram_username: string | null;
  /** The language the person chose; null follows the organization's. */
  locale: Locale | null;
}

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
