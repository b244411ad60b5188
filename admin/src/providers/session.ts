import type { Locale, StaffOrganization, StaffUser } from '@crm/contracts';

/** The signed-in staff member and their organization, kept in localStorage so a reload keeps the session. */
export type SessionUser = StaffUser;
export type Organization = StaffOrganization;

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
  locale: (): Locale | null => session.user()?.locale ?? session.organization()?.locale ?? null,
  clear() {
    for (const key of [TOKEN, USER, ORG]) localStorage.removeItem(key);
  },
};
