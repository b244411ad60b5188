/** The signed-in staff member, kept in localStorage so a reload keeps the session. */
export interface SessionUser {
  id: number;
  org_id: number;
  role: 'admin' | 'manager';
  name: string;
  email: string;
  /** The language chosen in the profile; null or absent follows the organization. */
  locale?: 'ru' | 'en' | null;
}

export interface Organization {
  id: number;
  name: string;
  currency: string;
  timezone: string;
  locale: 'ru' | 'en';
  ai_enabled: boolean;
  stale_lead_days: number;
  has_bot_token: boolean;
  /** The organization's bot lives in the built-in Telegram sandbox (no real token yet; development only). */
  bot_sandbox?: boolean;
  bot_username: string | null;
  /** Admins of the organization operating this installation may open the shared jobs dashboard. */
  can_view_jobs?: boolean;
}

const TOKEN = 'crm.token';
const USER = 'crm.user';
const ORG = 'crm.organization';

export const session = {
  token: () => localStorage.getItem(TOKEN),
  user: (): SessionUser | null => JSON.parse(localStorage.getItem(USER) ?? 'null'),
  organization: (): Organization | null => JSON.parse(localStorage.getItem(ORG) ?? 'null'),
  save(token: string | null, user: SessionUser, organization: Organization | null) {
    if (token) localStorage.setItem(TOKEN, token);
    localStorage.setItem(USER, JSON.stringify(user));
    if (organization) localStorage.setItem(ORG, JSON.stringify(organization));
  },
  /** The language the back office opens in: the person's own, else the organization's. */
  locale: (): 'ru' | 'en' | null => session.user()?.locale ?? session.organization()?.locale ?? null,
  clear() {
    for (const key of [TOKEN, USER, ORG]) localStorage.removeItem(key);
  },
};
