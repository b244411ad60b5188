import type * as Wire from '@crm/contracts';
import { randomInt } from 'node:crypto';
import { QueryTypes, type Sequelize, type SqlTransaction, type User } from '@crm/database';
import { DomainError, notFound } from '../errors.js';
import { hashSecret, storeOneTimeSecret } from '../people/one-time-secret.js';
import { recordGroupChat, type TelegramGroup } from './telegram-groups.js';

// A code is typed by hand in a group (`/link G7KQ2MX9PA`) or carried by an "add to group" link
// (`t.me/<bot>?startgroup=<code>`): letters and digits that are not easily confused, case-insensitive.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_PATTERN = /^G[A-HJ-NP-Z2-9]{9}$/;
const GROUP_CODE_TTL_MINUTES = 60;

const normalize = (raw: string | null | undefined) => (raw ?? '').trim().toUpperCase();
export const isGroupLinkCode = (raw: string | null | undefined): raw is string => CODE_PATTERN.test(normalize(raw));

/** Who may link a group to a project: an active admin or manager of the organization. */
export const canLinkGroups = (user: Pick<User, 'role' | 'is_active'> | null | undefined): boolean =>
  Boolean(user?.is_active && (user.role === 'admin' || user.role === 'manager'));

export type IssuedGroupCode = Wire.IssuedGroupCode<Date>;

/**
 * A one-time code that links a Telegram group to the project. Only its hash is kept; earlier unused
 * codes of the project stop working.
 */
export async function issueGroupLinkCode(
  sequelize: Sequelize,
  input: { org_id: number; project_id: number; created_by: number | null },
): Promise<IssuedGroupCode> {
  const code = `G${Array.from({ length: 9 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')}`;
  const expires_at = new Date(Date.now() + GROUP_CODE_TTL_MINUTES * 60_000);
  const botUsername = await sequelize.transaction(async (transaction) => {
    const [project] = await sequelize.query<{ id: number; bot_username: string | null }>(
      `SELECT p.id, o.bot_username FROM projects p JOIN organizations o ON o.id = p.org_id
       WHERE p.id = :project_id AND p.org_id = :org_id FOR UPDATE OF p`,
      { replacements: input, type: QueryTypes.SELECT, transaction },
    );
    if (!project) throw notFound('Project');
    await storeOneTimeSecret(
      sequelize,
      transaction,
      { table: 'group_link_codes', owner: 'project_id', hash: 'code_hash' },
      { org_id: input.org_id, owner_id: input.project_id, secret: normalize(code), created_by: input.created_by, expires_at },
    );
    return project.bot_username;
  });
  return {
    code,
    command: `/link ${code}`,
    expires_at,
    bot_username: botUsername,
    add_to_group_url: botUsername ? `https://t.me/${botUsername}?startgroup=${code}` : null,
  };
}

export type GroupLinkOutcome =
  | { status: 'linked'; group: TelegramGroup; project: { id: number; name: string } }
  /** Not staff; an unknown, used or expired code; the project already has another group; the project is gone. */
  | { status: 'forbidden' | 'invalid' | 'used' | 'expired' | 'project_has_group' | 'no_project' };

interface LinkRequest {
  org_id: number;
  chat: { id: number; title?: string | null };
  /** The Telegram account's user in the organization, if any. */
  user: Pick<User, 'id' | 'role' | 'is_active'> | null;
}

async function attach(sequelize: Sequelize, request: LinkRequest, projectId: number, transaction: SqlTransaction): Promise<GroupLinkOutcome> {
  const [project] = await sequelize.query<{ id: number; name: string }>('SELECT id, name FROM projects WHERE id = :projectId AND org_id = :orgId FOR UPDATE', {
    replacements: { projectId, orgId: request.org_id },
    type: QueryTypes.SELECT,
    transaction,
  });
  if (!project) return { status: 'no_project' };
  const group = await recordGroupChat(sequelize, { org_id: request.org_id, chat_id: request.chat.id, title: request.chat.title ?? null }, transaction);
  const [other] = await sequelize.query<{ id: number }>('SELECT id FROM telegram_groups WHERE org_id = :orgId AND project_id = :projectId AND id <> :groupId', {
    replacements: { orgId: request.org_id, projectId, groupId: group.id },
    type: QueryTypes.SELECT,
    transaction,
  });
  if (other) return { status: 'project_has_group' };
  const [linked] = await sequelize.query<TelegramGroup>(
    `UPDATE telegram_groups SET project_id = :projectId, linked_by = :userId, linked_at = now(), updated_at = now()
     WHERE id = :groupId RETURNING *`,
    { replacements: { projectId, userId: request.user!.id, groupId: group.id }, type: QueryTypes.SELECT, transaction },
  );
  return { status: 'linked', group: { ...linked!, chat_id: Number(linked!.chat_id) }, project };
}

/**
 * `/link <code>` in a group by a staff member: the code's project gets this group, and the code is
 * spent. A code that is unknown, used or expired links nothing; nor does anyone who is not staff.
 */
export async function redeemGroupLinkCode(sequelize: Sequelize, request: LinkRequest & { code: string }): Promise<GroupLinkOutcome> {
  if (!canLinkGroups(request.user)) return { status: 'forbidden' };
  if (!isGroupLinkCode(request.code)) return { status: 'invalid' };
  return sequelize.transaction(async (transaction) => {
    const [row] = await sequelize.query<{ id: number; project_id: number; used_at: Date | null; expired: boolean }>(
      `SELECT id, project_id, used_at, expires_at <= now() AS expired FROM group_link_codes
       WHERE org_id = :orgId AND code_hash = :hash FOR UPDATE`,
      { replacements: { orgId: request.org_id, hash: hashSecret(normalize(request.code)) }, type: QueryTypes.SELECT, transaction },
    );
    if (!row) return { status: 'invalid' } as const;
    if (row.used_at) return { status: 'used' } as const;
    if (row.expired) return { status: 'expired' } as const;
    const outcome = await attach(sequelize, request, row.project_id, transaction);
    if (outcome.status === 'linked') {
      await sequelize.query('UPDATE group_link_codes SET used_at = now(), used_in_chat_id = :chatId WHERE id = :id', {
        replacements: { id: row.id, chatId: request.chat.id },
        transaction,
      });
    }
    return outcome;
  });
}

/** A staff member picked the project for the group from the bot's list (`/link` without a code). */
export async function linkGroupToProject(sequelize: Sequelize, request: LinkRequest & { project_id: number }): Promise<GroupLinkOutcome> {
  if (!canLinkGroups(request.user)) return { status: 'forbidden' };
  return sequelize.transaction((transaction) => attach(sequelize, request, request.project_id, transaction));
}

/** Thrown for a link the caller asked about by id that is not there (used by the api). */
export const groupNotLinked = () => new DomainError('not_found', 'This project has no linked Telegram group');
