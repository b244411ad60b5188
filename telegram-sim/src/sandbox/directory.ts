import { QueryTypes, type Sequelize } from '@crm/database';

/** An organization whose bot lives in the sandbox. The token stays on the server (it signs Mini App data). */
export interface SandboxBot {
  org_id: number;
  org_name: string;
  locale: 'ru' | 'en';
  bot_id: number;
  bot_username: string | null;
  token: string;
}

/** Someone the sandbox page can be: a person of the organization, or a new lead the page makes up. */
export interface Persona {
  id: number;
  first_name: string;
  last_name?: string | undefined;
  language_code: string;
  phone?: string | undefined;
  role: 'lead' | 'manager' | 'worker' | 'client';
  /** Already linked to their Telegram account (else they sign in by sharing their contact). */
  linked: boolean;
  /** A client's change requests waiting for their decision (the guided tour approves one). */
  pending_changes: number;
}

/** People without a Telegram account get a stable made-up one, far from real and lead ids. */
const PERSONA_ID_BASE = 600_000_000;

export async function sandboxBots(sequelize: Sequelize): Promise<SandboxBot[]> {
  return sequelize.query<SandboxBot>(
    `SELECT id AS org_id, name AS org_name, locale, bot_id::float8 AS bot_id, bot_username, bot_token AS token
       FROM organizations WHERE bot_token ~ '^[0-9]+:SANDBOX' ORDER BY id`,
    { type: QueryTypes.SELECT },
  );
}

/** The organization's staff, workers and clients, each as the Telegram user they would write from. */
export async function organizationPersonas(sequelize: Sequelize, orgId: number): Promise<Persona[]> {
  const rows = await sequelize.query<{
    id: number;
    role: string;
    name: string;
    phone: string | null;
    telegram_id: string | null;
    language_code: string | null;
    pending_changes: number;
  }>(
    `SELECT u.id, u.role, u.name, u.phone, u.telegram_id, u.language_code,
            (SELECT count(*)::int FROM change_requests cr JOIN projects p ON p.id = cr.project_id
              WHERE p.org_id = u.org_id AND p.client_id = u.id AND cr.status = 'pending') AS pending_changes
       FROM users u
      WHERE u.org_id = :orgId AND u.is_active AND u.role IN ('admin', 'manager', 'worker', 'client')
        AND (u.phone IS NOT NULL OR u.telegram_id IS NOT NULL)
      ORDER BY CASE u.role WHEN 'worker' THEN 0 WHEN 'client' THEN 1 ELSE 2 END, u.id`,
    { replacements: { orgId }, type: QueryTypes.SELECT },
  );
  return rows.map((row) => {
    const [first, ...rest] = row.name.split(/\s+/);
    return {
      id: row.telegram_id ? Number(row.telegram_id) : PERSONA_ID_BASE + Number(row.id),
      first_name: first || row.name,
      last_name: rest.join(' ') || undefined,
      language_code: row.language_code ?? 'ru',
      phone: row.phone ?? undefined,
      role: row.role === 'admin' ? 'manager' : (row.role as Persona['role']),
      linked: Boolean(row.telegram_id),
      pending_changes: row.pending_changes,
    };
  });
}
