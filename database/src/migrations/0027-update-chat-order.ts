import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * The intake journal knows each update's chat, so replicas can claim updates in batches while a
 * chat's updates are still applied one after another, in Telegram's order: an update is taken only
 * when no earlier update of its chat is waiting or being processed (bot/src/intake/journal.ts). The
 * chat is read from the payload by PostgreSQL itself, so every writer of the journal gets it.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE telegram_updates ADD COLUMN chat_id BIGINT GENERATED ALWAYS AS ((COALESCE(
      payload #>> '{message,chat,id}', payload #>> '{edited_message,chat,id}', payload #>> '{callback_query,message,chat,id}',
      payload #>> '{my_chat_member,chat,id}', payload #>> '{callback_query,from,id}'))::bigint) STORED;
    CREATE INDEX telegram_updates_chat_open_idx ON telegram_updates (bot_id, chat_id, update_id) WHERE status IN ('pending', 'processing');
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS telegram_updates_chat_open_idx;
    ALTER TABLE telegram_updates DROP COLUMN IF EXISTS chat_id;
  `);
};
