import type { Locale } from './enums.js';
import type { UserRecord } from './users.js';
import type { OrganizationChoice } from './errors.js';

/** A signed-in staff member as the sign-in answers describe them: some of their user record's columns. */
export type StaffUser = Pick<UserRecord, 'id' | 'org_id' | 'role' | 'name' | 'email' | 'telegram_id' | 'phone' | 'locale'>;

/** The staff member's organization as the back office keeps it beside the session. */
export interface StaffOrganization {
  id: number;
  name: string;
  currency: string;
  timezone: string;
  locale: Locale;
  ai_enabled: boolean;
  stale_lead_days: number;
  has_bot_token: boolean;
  /** The organization's bot lives in the built-in Telegram sandbox (no real token yet; development only). */
  bot_sandbox: boolean;
  bot_username: string | null;
  /** Admins of the organization operating this installation may open the shared jobs dashboard. */
  can_view_jobs: boolean;
}

/** GET /api/auth/me: who is signed in, and where. */
export interface StaffIdentity {
  user: StaffUser;
  organization: StaffOrganization;
}

/** POST /api/auth/login and /api/auth/register: a token with the identity. */
export interface StaffSession {
  token: string;
  user: StaffUser;
  /** Null only if the organization vanished between the check and the answer. */
  organization: StaffOrganization | null;
}

/** POST /api/auth/register: a new organization and its first admin. */
export interface SignUpRequest {
  organization: string;
  name: string;
  email: string;
  password: string;
  locale?: Locale;
  currency?: string;
  timezone?: string;
  country?: string;
}

/** POST /api/auth/login; `organization` only when the email and password open several (see ChooseOrganizationError). */
export interface LoginRequest {
  email: string;
  password: string;
  organization?: OrganizationChoice['id'];
}

/** POST /api/auth/password: other sessions end; this one goes on with the fresh token. */
export interface PasswordChangeRequest {
  current_password: string;
  new_password: string;
}
export interface PasswordChanged {
  token: string;
}
