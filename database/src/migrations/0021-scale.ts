import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * Past one machine: `telegram_send_gates` holds, per bot and per chat, the time it may send again,
 * shared by every jobs process (core/src/telegram/send-gate.ts), so Telegram's limits hold for a bot
 * whichever process sends.
 *
 * The chat list reads every kind of thread in its own index order and stops after a page:
 * - a person's own thread (messages with a user and neither a lead nor a group) keeps its last
 *   message time and unread count on the user row, like leads and groups do, so the list no longer
 *   aggregates the person's messages for every person of the firm. A trigger keeps them in the same
 *   transaction as any write of such a message (stored, moved out of a lead, read, deleted), so no
 *   writer can forget them;
 * - leads with a conversation and people with a thread each have an index in list order;
 * - whether a client has a lead (their thread is then the lead's) is looked up by index.
 * A lead with messages always has `last_message_at` (every writer sets it; the backfill below covers
 * rows from before), so "has a conversation" is a predicate a partial index can hold.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE telegram_send_gates (key text PRIMARY KEY, free_at timestamptz NOT NULL);

    ALTER TABLE users ADD COLUMN last_message_at timestamptz, ADD COLUMN unread_count integer NOT NULL DEFAULT 0;

    UPDATE users u SET last_message_at = t.last_at, unread_count = t.unread
    FROM (
      SELECT user_id, max(created_at) AS last_at, count(*) FILTER (WHERE direction = 'inbound' AND read_at IS NULL)::int AS unread
      FROM chat_messages WHERE user_id IS NOT NULL AND lead_id IS NULL AND group_id IS NULL GROUP BY user_id
    ) t
    WHERE t.user_id = u.id;

    UPDATE leads l SET last_message_at = t.last_at
    FROM (SELECT lead_id, max(created_at) AS last_at FROM chat_messages WHERE lead_id IS NOT NULL GROUP BY lead_id) t
    WHERE t.lead_id = l.id AND l.last_message_at IS NULL;

    CREATE FUNCTION chat_messages_person_thread() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      old_in boolean := TG_OP <> 'INSERT' AND OLD.user_id IS NOT NULL AND OLD.lead_id IS NULL AND OLD.group_id IS NULL;
      new_in boolean := TG_OP <> 'DELETE' AND NEW.user_id IS NOT NULL AND NEW.lead_id IS NULL AND NEW.group_id IS NULL;
      same boolean := old_in AND new_in AND NEW.user_id = OLD.user_id;
      old_unread integer := CASE WHEN old_in AND OLD.direction = 'inbound' AND OLD.read_at IS NULL THEN 1 ELSE 0 END;
      new_unread integer := CASE WHEN new_in AND NEW.direction = 'inbound' AND NEW.read_at IS NULL THEN 1 ELSE 0 END;
    BEGIN
      IF old_in AND NOT same THEN
        -- The message left this person's thread: count the thread again.
        UPDATE users u SET
          last_message_at = (SELECT max(m.created_at) FROM chat_messages m
            WHERE m.org_id = u.org_id AND m.user_id = u.id AND m.lead_id IS NULL AND m.group_id IS NULL),
          unread_count = (SELECT count(*) FROM chat_messages m
            WHERE m.org_id = u.org_id AND m.user_id = u.id AND m.lead_id IS NULL AND m.group_id IS NULL
              AND m.direction = 'inbound' AND m.read_at IS NULL)
        WHERE u.id = OLD.user_id;
      END IF;
      IF same THEN
        IF new_unread <> old_unread THEN
          UPDATE users SET unread_count = GREATEST(0, unread_count + new_unread - old_unread) WHERE id = NEW.user_id;
        END IF;
      ELSIF new_in THEN
        UPDATE users SET last_message_at = GREATEST(last_message_at, NEW.created_at), unread_count = unread_count + new_unread
        WHERE id = NEW.user_id;
      END IF;
      RETURN NULL;
    END $$;

    CREATE TRIGGER chat_messages_person_thread_insert AFTER INSERT ON chat_messages FOR EACH ROW
      WHEN (NEW.user_id IS NOT NULL AND NEW.lead_id IS NULL AND NEW.group_id IS NULL)
      EXECUTE FUNCTION chat_messages_person_thread();
    CREATE TRIGGER chat_messages_person_thread_update AFTER UPDATE OF user_id, lead_id, group_id, read_at, direction ON chat_messages FOR EACH ROW
      WHEN ((OLD.user_id IS NOT NULL AND OLD.lead_id IS NULL AND OLD.group_id IS NULL)
        OR (NEW.user_id IS NOT NULL AND NEW.lead_id IS NULL AND NEW.group_id IS NULL))
      EXECUTE FUNCTION chat_messages_person_thread();
    CREATE TRIGGER chat_messages_person_thread_delete AFTER DELETE ON chat_messages FOR EACH ROW
      WHEN (OLD.user_id IS NOT NULL AND OLD.lead_id IS NULL AND OLD.group_id IS NULL)
      EXECUTE FUNCTION chat_messages_person_thread();

    CREATE INDEX leads_org_conversation_idx ON leads (org_id, last_message_at DESC NULLS LAST, created_at DESC, id DESC)
      WHERE telegram_id IS NOT NULL OR chat_id IS NOT NULL OR last_message_at IS NOT NULL;
    CREATE INDEX users_org_conversation_idx ON users (org_id, last_message_at DESC NULLS LAST, created_at DESC, id DESC)
      WHERE last_message_at IS NOT NULL;
    CREATE INDEX leads_org_client_idx ON leads (org_id, client_id) WHERE client_id IS NOT NULL;
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS leads_org_client_idx;
    DROP INDEX IF EXISTS users_org_conversation_idx;
    DROP INDEX IF EXISTS leads_org_conversation_idx;
    DROP TRIGGER IF EXISTS chat_messages_person_thread_delete ON chat_messages;
    DROP TRIGGER IF EXISTS chat_messages_person_thread_update ON chat_messages;
    DROP TRIGGER IF EXISTS chat_messages_person_thread_insert ON chat_messages;
    DROP FUNCTION IF EXISTS chat_messages_person_thread();
    ALTER TABLE users DROP COLUMN IF EXISTS unread_count, DROP COLUMN IF EXISTS last_message_at;
    DROP TABLE IF EXISTS telegram_send_gates;
  `);
  // The leads' backfilled last_message_at stays: it is what every writer sets anyway.
};
