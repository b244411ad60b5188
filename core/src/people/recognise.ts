import { columnsOf, Lead, selectRows, User, type Model, type ModelStatic } from '@crm/database';
import { grouped } from '../grouped.js';

type PersonRole = 'admin' | 'manager' | 'worker' | 'client' | 'lead' | 'unknown';

export interface RecognisedPerson {
  role: PersonRole;
  user: User | null;
  lead: Lead | null;
}

/** `alias.column AS "alias.attribute"` for every attribute of the model, as findAll selects them. */
const prefixed = (model: ModelStatic<Model>, alias: string) =>
  columnsOf(model)
    .map((c) => {
      const [field, name] = Array.isArray(c) ? c : [c, c];
      return `${alias}."${field}" AS "${alias}.${name}"`;
    })
    .join(', ');

let personSql: string | null = null;

type Found = { user: User | null; lead: Lead | null };

/**
 * The user and the lead conversation of Telegram accounts in organizations: one statement for every
 * look-up made while another is in flight (updates of many chats processed side by side).
 */
const findByTelegram = grouped<{ orgId: number; telegramId: number }, Found>(async (keys) => {
  // Both are unique per organization and Telegram account (partial unique indexes): one row per key.
  personSql ??= `SELECT k.i, ${prefixed(User, 'u')}, ${prefixed(Lead, 'l')}
    FROM unnest(ARRAY[:org_ids]::bigint[], ARRAY[:telegram_ids]::bigint[]) WITH ORDINALITY AS k(org_id, telegram_id, i)
    LEFT JOIN users u ON u.org_id = k.org_id AND u.telegram_id = k.telegram_id
    LEFT JOIN leads l ON l.org_id = k.org_id AND l.telegram_id = k.telegram_id`;
  const rows = await selectRows<Record<string, unknown>>(User.sequelize!, personSql, {
    org_ids: keys.map((k) => k.orgId),
    telegram_ids: keys.map((k) => k.telegramId),
  });
  const found: Found[] = keys.map(() => ({ user: null, lead: null }));
  for (const row of rows) {
    const part = (alias: string) => {
      const values: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row)) if (key.startsWith(`${alias}.`)) values[key.slice(alias.length + 1)] = value;
      return values.id == null ? null : values;
    };
    const user = part('u');
    const lead = part('l');
    found[Number(row.i) - 1] = {
      user: user && User.build(user as never, { raw: true, isNewRecord: false }),
      lead: lead && Lead.build(lead as never, { raw: true, isNewRecord: false }),
    };
  }
  return found;
});

/**
 * Who a Telegram account is in this organization, by role first: staff, then worker, then client,
 * then lead. A staff member or worker who once wrote as a lead is still staff; a client keeps the
 * lead conversation they came in with, so their thread stays one.
 */
export async function recognisePerson(orgId: number, telegramId: number): Promise<RecognisedPerson> {
  // A Telegram account belongs to at most one user of an organization (a unique index), so a user
  // found here outranks any lead conversation of the same account.
  const { user, lead: leadByTelegram } = await findByTelegram({ orgId, telegramId });
  if (user) {
    if (user.role !== 'client') return { role: user.role, user, lead: null };
    const lead = leadByTelegram ?? (await Lead.findOne({ where: { org_id: orgId, client_id: user.id }, order: [['id', 'ASC']] }));
    return { role: 'client', user, lead };
  }
  if (leadByTelegram?.client_id) {
    const client = await User.findOne({ where: { org_id: orgId, id: leadByTelegram.client_id } });
    if (client) return { role: 'client', user: client, lead: leadByTelegram };
  }
  return leadByTelegram ? { role: 'lead', user: null, lead: leadByTelegram } : { role: 'unknown', user: null, lead: null };
}
