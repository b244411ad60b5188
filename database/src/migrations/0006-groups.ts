import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * Telegram groups the organization's bot is in. A group is its own conversation (never a lead);
 * linked to a project it is that project's conversation.
 * - telegram_groups: one row per group chat; project_id once linked (one group per project).
 * - group_link_codes: one-time codes a manager gets on the project page and sends as `/link <code>`
 *   in the group; only the code's hash is kept.
 * - chat_messages.group_id and author_name: a group message's conversation and its sender's name
 *   as Telegram shows it (group members are mostly not users of the organization).
 * Group conversations kept earlier as leads (source 'group') become groups, with their messages.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE telegram_groups (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      chat_id BIGINT NOT NULL,
      title TEXT NOT NULL DEFAULT '',
      bot_status TEXT NOT NULL DEFAULT 'member' CHECK (bot_status IN ('member', 'left')),
      project_id INTEGER REFERENCES projects(id) ON DELETE SET NULL,
      linked_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
      linked_at TIMESTAMPTZ,
      unread_count INTEGER NOT NULL DEFAULT 0,
      last_message_at TIMESTAMPTZ,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      CONSTRAINT telegram_groups_org_chat_key UNIQUE (org_id, chat_id)
    );
    CREATE UNIQUE INDEX telegram_groups_project_key ON telegram_groups (org_id, project_id) WHERE project_id IS NOT NULL;

    CREATE TABLE group_link_codes (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      code_hash TEXT NOT NULL,
      created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
      expires_at TIMESTAMPTZ NOT NULL,
      used_at TIMESTAMPTZ,
      used_in_chat_id BIGINT,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      CONSTRAINT group_link_codes_hash_key UNIQUE (org_id, code_hash)
    );

    ALTER TABLE chat_messages
      ADD COLUMN group_id INTEGER REFERENCES telegram_groups(id) ON DELETE CASCADE,
      ADD COLUMN author_name TEXT;
    CREATE INDEX chat_messages_org_group_idx ON chat_messages (org_id, group_id, id DESC) WHERE group_id IS NOT NULL;

    INSERT INTO telegram_groups (org_id, chat_id, title, unread_count, last_message_at, created_at)
      SELECT DISTINCT ON (org_id, chat_id) org_id, chat_id, name, unread_count, last_message_at, created_at
      FROM leads WHERE source = 'group' AND telegram_id IS NULL AND chat_id IS NOT NULL AND client_id IS NULL
      ORDER BY org_id, chat_id, id;
    UPDATE chat_messages m SET group_id = g.id, lead_id = NULL
      FROM leads l JOIN telegram_groups g ON g.org_id = l.org_id AND g.chat_id = l.chat_id
      WHERE m.lead_id = l.id AND l.source = 'group' AND l.telegram_id IS NULL AND l.client_id IS NULL;
    DELETE FROM leads WHERE source = 'group' AND telegram_id IS NULL AND chat_id IS NOT NULL AND client_id IS NULL;
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    INSERT INTO leads (org_id, chat_id, name, status, position, source, ai_enabled, unread_count, last_message_at, created_at)
      SELECT g.org_id, g.chat_id, g.title, 'new',
        (SELECT COALESCE(max(l.position) + 1, 0) FROM leads l WHERE l.org_id = g.org_id AND l.status = 'new')
          + row_number() OVER (PARTITION BY g.org_id ORDER BY g.id) - 1,
        'group', FALSE, g.unread_count, g.last_message_at, g.created_at
      FROM telegram_groups g;
    UPDATE chat_messages m SET lead_id = l.id
      FROM telegram_groups g JOIN leads l ON l.org_id = g.org_id AND l.chat_id = g.chat_id AND l.source = 'group' AND l.telegram_id IS NULL
      WHERE m.group_id = g.id;
    DROP INDEX IF EXISTS chat_messages_org_group_idx;
    ALTER TABLE chat_messages DROP COLUMN IF EXISTS author_name, DROP COLUMN IF EXISTS group_id;
    DROP TABLE IF EXISTS group_link_codes;
    DROP TABLE IF EXISTS telegram_groups;
  `);
};
