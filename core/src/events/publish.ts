import type { Sequelize, Transaction } from 'sequelize';
import { parseInput } from '../validation.js';
import { EVENT_CHANNEL, crmEventSchema, type CrmEvent } from './event.types.js';

/**
 * Publishes an event through PostgreSQL NOTIFY. Given a transaction, the notification is sent with
 * it and delivered only if it commits, so listeners never see a row that was rolled back.
 */
export async function publishEvent(db: Sequelize | Transaction, event: CrmEvent): Promise<void> {
  const { org_id, type, data } = parseInput(crmEventSchema, event, 'Invalid event');
  const payload: CrmEvent = { org_id, type, data: compact(data) };
  const isTransaction = 'commit' in db && typeof db.commit === 'function';
  const sequelize = isTransaction ? (db as Transaction & { sequelize: Sequelize }).sequelize : (db as Sequelize);
  await sequelize.query('SELECT pg_notify(:channel, :payload)', {
    replacements: { channel: EVENT_CHANNEL, payload: JSON.stringify(payload) },
    transaction: isTransaction ? (db as Transaction) : undefined,
  });
}

/**
 * The same event for a statement that creates the rows it announces: `template` is the event checked
 * here (its JSON, with a stand-in id), and `notifySql(templateSql, idSql)` the SQL that sends it with
 * the real id of each row (a column of the statement) when that statement's transaction commits,
 * without a round trip of its own.
 */
export function eventTemplate(event: Omit<CrmEvent, 'data'> & { data: Omit<CrmEvent['data'], 'id'> }): string {
  const { org_id, type, data } = parseInput(crmEventSchema, { ...event, data: { ...event.data, id: 1 } }, 'Invalid event');
  return JSON.stringify({ org_id, type, data: compact(data) });
}

export const notifySql = (templateSql: string, idSql: string) =>
  `pg_notify('${EVENT_CHANNEL}', jsonb_set(CAST(${templateSql} AS jsonb), '{data,id}', to_jsonb(${idSql}))::text)`;

function compact(data: CrmEvent['data']): CrmEvent['data'] {
  const out: CrmEvent['data'] = { id: data.id };
  if (data.lead_id != null) out.lead_id = data.lead_id;
  if (data.user_id != null) out.user_id = data.user_id;
  if (data.conversation != null) out.conversation = data.conversation;
  return out;
}
