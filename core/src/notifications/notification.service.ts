import { Notification, Op, QueryTypes, type Sequelize, type SqlTransaction, type WhereOptions } from '@crm/database';
import { notFound } from '../errors.js';
import { publishEvent } from '../events/publish.js';

export interface NotificationInput {
  org_id: number;
  type: string;
  title: string;
  body?: string;
  payload?: Record<string, unknown>;
}

/** Staff notifications a person sees: their own and the organization-wide ones (no addressee). */
export const visibleTo = (org_id: number, user_id: number): WhereOptions<Notification> & Record<string | symbol, unknown> => ({
  org_id,
  [Op.or]: [{ user_id }, { user_id: null }],
});

/**
 * Who is told: the given manager when there is one (and still active), otherwise every active admin
 * and manager of the organization. An organization without staff gets one organization-wide row.
 */
export async function staffRecipients(
  sequelize: Sequelize,
  org_id: number,
  manager_id: number | null,
  transaction?: SqlTransaction,
): Promise<(number | null)[]> {
  const rows = await sequelize.query<{ id: number }>(
    `SELECT id FROM users WHERE org_id = :org_id AND role IN ('manager', 'admin') AND is_active
        AND (CAST(:manager_id AS INTEGER) IS NULL OR id = :manager_id) ORDER BY id`,
    { replacements: { org_id, manager_id }, type: QueryTypes.SELECT, transaction },
  );
  if (rows.length) return rows.map((r) => r.id);
  return manager_id === null ? [null] : staffRecipients(sequelize, org_id, null, transaction);
}

/**
 * Creates one notification per recipient and announces each on the event stream. Inside a
 * transaction the announcement goes out only if it commits.
 */
export async function createNotifications(
  sequelize: Sequelize,
  input: NotificationInput & { recipients: (number | null)[] },
  transaction?: SqlTransaction,
): Promise<Notification[]> {
  const rows = await Notification.bulkCreate(
    input.recipients.map((user_id) => ({
      org_id: input.org_id,
      user_id,
      type: input.type,
      title: input.title.slice(0, 500),
      body: (input.body ?? '').slice(0, 2000),
      payload: input.payload ?? {},
    })),
    { transaction, returning: true },
  );
  for (const row of rows) {
    await publishEvent(transaction ?? sequelize, { org_id: row.org_id, type: 'notification.created', data: { id: row.id, user_id: row.user_id } });
  }
  return rows;
}

/** Notifies the given manager, or every active admin and manager when there is none. */
export async function notifyStaff(
  sequelize: Sequelize,
  input: NotificationInput & { manager_id?: number | null },
  transaction?: SqlTransaction,
): Promise<Notification[]> {
  const recipients = await staffRecipients(sequelize, input.org_id, input.manager_id ?? null, transaction);
  return createNotifications(sequelize, { ...input, recipients }, transaction);
}

export async function countUnreadNotifications(scope: { org_id: number; user_id: number }): Promise<number> {
  return Notification.count({ where: { ...visibleTo(scope.org_id, scope.user_id), read_at: null } });
}

/** Marks one notification read (idempotent: a second call keeps the first time). */
export async function markNotificationRead(scope: { org_id: number; user_id: number; id: number }): Promise<Notification> {
  const row = await Notification.findOne({ where: { ...visibleTo(scope.org_id, scope.user_id), id: scope.id } });
  if (!row) throw notFound(`Notification #${scope.id}`);
  if (!row.read_at) await row.update({ read_at: new Date() });
  return row;
}

export async function markAllNotificationsRead(scope: { org_id: number; user_id: number }): Promise<number> {
  const [count] = await Notification.update({ read_at: new Date() }, { where: { ...visibleTo(scope.org_id, scope.user_id), read_at: null } });
  return count;
}

/** A notification's read mark set from the back office's edit (`read_at`): the first read time is kept. */
export function applyNotificationRead(notification: Notification, values: { read_at?: Date | null }): void {
  if (values.read_at === undefined) return;
  notification.set({ read_at: values.read_at ? (notification.read_at ?? new Date()) : null });
}
