import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * Delivery that survives faults:
 * - outbound messages get a `retrying` state, an attempt count, when the next attempt is due and a
 *   short lease held by the sender while a request is on the wire (a crashed sender's lease expires
 *   within seconds and the message is taken over);
 * - a bot-wide pause per bot, written on 429 and honoured by every sender of every jobs process;
 * - inbound media keeps its own state (`loading` → stored, or `failed` after the retry window);
 * - webhook updates are claimed by lease, so two bot replicas never process one update.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  // Its own statement: a new enum value cannot be used in the transaction that adds it.
  await qi.sequelize.query(`ALTER TYPE delivery_status ADD VALUE IF NOT EXISTS 'retrying' AFTER 'sending'`);
  await qi.sequelize.query(`
    ALTER TABLE chat_messages
      ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0,
      ADD COLUMN next_attempt_at TIMESTAMPTZ,
      ADD COLUMN lease_until TIMESTAMPTZ,
      ADD COLUMN first_failed_at TIMESTAMPTZ,
      ADD COLUMN media_state TEXT CHECK (media_state IN ('loading', 'failed')),
      ADD COLUMN media_attempts INTEGER NOT NULL DEFAULT 0,
      ADD COLUMN media_error TEXT;
    CREATE INDEX chat_messages_outbound_pending_idx ON chat_messages (org_id, chat_id, id)
      WHERE direction = 'outbound' AND sent_at IS NULL AND status <> 'blocked' AND status <> 'failed';

    CREATE TABLE telegram_bot_pauses (
      bot_id BIGINT PRIMARY KEY,
      paused_until TIMESTAMPTZ NOT NULL,
      reason TEXT,
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );

    ALTER TABLE telegram_updates ADD COLUMN lease_until TIMESTAMPTZ;
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS telegram_bot_pauses;
    DROP INDEX IF EXISTS chat_messages_outbound_pending_idx;
    ALTER TABLE telegram_updates DROP COLUMN IF EXISTS lease_until;
    UPDATE chat_messages SET status = 'queued' WHERE status = 'retrying';
    ALTER TABLE chat_messages DROP COLUMN IF EXISTS attempts, DROP COLUMN IF EXISTS next_attempt_at,
      DROP COLUMN IF EXISTS lease_until, DROP COLUMN IF EXISTS first_failed_at, DROP COLUMN IF EXISTS media_state,
      DROP COLUMN IF EXISTS media_attempts, DROP COLUMN IF EXISTS media_error;
  `);
  // PostgreSQL cannot drop an enum value; 'retrying' stays unused.
};
