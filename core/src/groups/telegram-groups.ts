import type * as Wire from '@crm/contracts';
import { QueryTypes, type Sequelize, type SqlTransaction } from '@crm/database';
import { notFound } from '../errors.js';

/** A Telegram group the organization's bot is (or was) in. */
export interface TelegramGroup {
  id: number;
  org_id: number;
  chat_id: number;
  title: string;
  bot_status: 'member' | 'left';
  project_id: number | null;
  linked_by: number | null;
  linked_at: Date | null;
  unread_count: number;
  last_message_at: Date | null;
  created_at: Date;
}

const opts = (transaction?: SqlTransaction) => (transaction ? { transaction } : {});

// BIGINT comes back as a string from pg; chat ids fit in a double.
const plain = (row: TelegramGroup): TelegramGroup => ({ ...row, chat_id: Number(row.chat_id) });

/**
 * The group's row, created the first time the bot sees the group (added, or a message in it). A
 * message proves the bot is in the group, so it is a member again; a new title replaces the old.
 */
export async function recordGroupChat(
  sequelize: Sequelize,
  input: { org_id: number; chat_id: number; title?: string | null },
  transaction?: SqlTransaction,
): Promise<TelegramGroup> {
  const [row] = await sequelize.query<TelegramGroup>(
    `INSERT INTO telegram_groups AS g (org_id, chat_id, title) VALUES (:org_id, :chat_id, :title)
     ON CONFLICT (org_id, chat_id) DO UPDATE SET title = COALESCE(NULLIF(EXCLUDED.title, ''), g.title), bot_status = 'member',
       updated_at = CASE WHEN g.bot_status = 'member' AND g.title = COALESCE(NULLIF(EXCLUDED.title, ''), g.title) THEN g.updated_at ELSE now() END
     RETURNING *`,
    { replacements: { ...input, title: input.title ?? '' }, type: QueryTypes.SELECT, ...opts(transaction) },
  );
  return plain(row!);
}

/** The bot was added to a group (`member`) or removed from it (`left`): the link to a project stays. */
export async function setGroupMembership(
  sequelize: Sequelize,
  input: { org_id: number; chat_id: number; title?: string | null; present: boolean },
): Promise<TelegramGroup> {
  if (input.present) return recordGroupChat(sequelize, input);
  const [row] = await sequelize.query<TelegramGroup>(
    `INSERT INTO telegram_groups AS g (org_id, chat_id, title, bot_status) VALUES (:org_id, :chat_id, :title, 'left')
     ON CONFLICT (org_id, chat_id) DO UPDATE SET bot_status = 'left', updated_at = now()
     RETURNING *`,
    { replacements: { org_id: input.org_id, chat_id: input.chat_id, title: input.title ?? '' }, type: QueryTypes.SELECT },
  );
  return plain(row!);
}

/** Telegram refused a message to the group (the bot was removed): it shows as left until the bot is back. */
export async function markGroupLeft(sequelize: Sequelize, input: { org_id: number; group_id: number }): Promise<void> {
  await sequelize.query(`UPDATE telegram_groups SET bot_status = 'left', updated_at = now() WHERE id = :group_id AND org_id = :org_id`, {
    replacements: input,
  });
}

/** A group upgraded to a supergroup gets a new chat id; its conversation and link move with it. */
export async function moveGroupChat(sequelize: Sequelize, input: { org_id: number; from_chat_id: number; to_chat_id: number }): Promise<void> {
  await sequelize.query(
    `UPDATE telegram_groups SET chat_id = :to_chat_id, updated_at = now()
     WHERE org_id = :org_id AND chat_id = :from_chat_id
       AND NOT EXISTS (SELECT 1 FROM telegram_groups WHERE org_id = :org_id AND chat_id = :to_chat_id)`,
    { replacements: input },
  );
}

export type ProjectGroupView = Wire.ProjectGroupView<Date>;

/** The group linked to a project of the organization (null when none); another organization's project is not found. */
export async function getProjectGroup(sequelize: Sequelize, orgId: number, projectId: number): Promise<ProjectGroupView | null> {
  const [project] = await sequelize.query<{ id: number }>('SELECT id FROM projects WHERE id = :projectId AND org_id = :orgId', {
    replacements: { orgId, projectId },
    type: QueryTypes.SELECT,
  });
  if (!project) throw notFound('Project');
  const [row] = await sequelize.query<TelegramGroup & { linker_name: string | null }>(
    `SELECT g.*, u.name AS linker_name FROM telegram_groups g LEFT JOIN users u ON u.id = g.linked_by AND u.org_id = g.org_id
     WHERE g.org_id = :orgId AND g.project_id = :projectId`,
    { replacements: { orgId, projectId }, type: QueryTypes.SELECT },
  );
  if (!row) return null;
  return {
    id: row.id,
    chat_id: Number(row.chat_id),
    title: row.title,
    bot_status: row.bot_status,
    linked_at: row.linked_at,
    linked_by: row.linked_by && row.linker_name ? { id: row.linked_by, name: row.linker_name } : null,
    conversation_id: `group-${row.id}`,
  };
}

/** Unlinks the project's group: the group stays a (project-less) group conversation with its history. */
export async function unlinkProjectGroup(sequelize: Sequelize, orgId: number, projectId: number): Promise<boolean> {
  await getProjectGroup(sequelize, orgId, projectId);
  const rows = await sequelize.query<{ id: number }>(
    `UPDATE telegram_groups SET project_id = NULL, linked_by = NULL, linked_at = NULL, updated_at = now()
     WHERE org_id = :orgId AND project_id = :projectId RETURNING id`,
    { replacements: { orgId, projectId }, type: QueryTypes.SELECT },
  );
  return rows.length > 0;
}

/** Projects a group can be linked to from the chat: open ones without a group, most recent first. */
export async function listLinkableProjects(sequelize: Sequelize, orgId: number, limit = 20): Promise<Array<{ id: number; name: string }>> {
  return sequelize.query<{ id: number; name: string }>(
    `SELECT p.id, p.name FROM projects p
     WHERE p.org_id = :orgId AND p.status IN ('planning', 'active', 'paused')
       AND NOT EXISTS (SELECT 1 FROM telegram_groups g WHERE g.org_id = p.org_id AND g.project_id = p.id)
     ORDER BY p.updated_at DESC, p.id DESC LIMIT :limit`,
    { replacements: { orgId, limit }, type: QueryTypes.SELECT },
  );
}
