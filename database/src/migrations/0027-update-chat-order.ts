import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * The intake journal knows each update's chat, so replicas can claim updates in batches while a
 * chat's updates are still applied one after another, in Telegram's order: an update is taken only
 * when no earlier update of its chat is waiting or being processed (bot/src/intake/journal.ts). The
 * chat is read from the payload by PostgreSQL itself, so every writer of the journal gets it; a chat
 * id that is not an integer (Telegram never sends one, a forged request might) leaves it unordered
 * rather than refusing the row.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE FUNCTION telegram_update_chat(payload jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE WHEN chat ~ '^-?[0-9]{1,18}$' THEN chat::bigint END FROM (SELECT COALESCE(
        payload #>> '{message,chat,id}', payload #>> '{edited_message,chat,id}', payload #>> '{callback_query,message,chat,id}',
        payload #>> '{my_chat_member,chat,id}', payload #>> '{callback_query,from,id}') AS chat) c
    $$;
    ALTER TABLE telegram_updates ADD COLUMN chat_id BIGINT GENERATED ALWAYS AS (telegram_update_chat(payload)) STORED;
    CREATE INDEX telegram_updates_chat_open_idx ON telegram_updates (bot_id, chat_id, update_id) WHERE status IN ('pending', 'processing');
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS telegram_updates_chat_open_idx;
    ALTER TABLE telegram_updates DROP COLUMN IF EXISTS chat_id;
    DROP FUNCTION IF EXISTS telegram_update_chat(jsonb);
  `);
};
