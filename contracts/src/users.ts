import type { Locale, UserRole } from './enums.js';
import type { Moment } from './wire.js';

/**
 * GET/POST/PUT/DELETE /api/users: a person of the organization (staff, worker or client) with their
 * own columns; the password hash never leaves the server, `telegram_linked` says whether a Telegram
 * account is linked.
 */
export interface UserRecord<Time extends Moment = string> {
  id: number;
  org_id: number;
  role: UserRole;
  name: string;
  email: string | null;
  phone: string | null;
  telegram_id: number | null;
  telegram_username: string | null;
  /** The language Telegram reports for the person. */
  language_code: string | null;
  /** The language chosen in the back-office profile; null follows the organization. */
  locale: Locale | null;
  is_active: boolean;
  /** The person blocked the bot: messages to them cannot be delivered. */
  unreachable: boolean;
  /** A client's manager. */
  manager_id: number | null;
  telegram_linked: boolean;
  created_at: Time;
  updated_at: Time;
}
