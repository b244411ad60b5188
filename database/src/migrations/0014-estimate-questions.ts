import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * Questions about an estimate. `chat_messages.estimate_id` marks a client's message as a question
 * about one estimate (asked from the bot's "Questions" button or the Mini App), so the manager sees
 * which version it is about. `estimate_question_prompts` is the bot's waiting state after that
 * button: the chat's next message becomes the question (kept in PostgreSQL, so a restart or
 * another bot replica loses nothing).
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE chat_messages ADD COLUMN estimate_id INTEGER REFERENCES estimates(id) ON DELETE SET NULL;
    CREATE TABLE estimate_question_prompts (
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      chat_id BIGINT NOT NULL,
      estimate_id INTEGER NOT NULL REFERENCES estimates(id) ON DELETE CASCADE,
      expires_at TIMESTAMPTZ NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, chat_id)
    );
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS estimate_question_prompts;
    ALTER TABLE chat_messages DROP COLUMN IF EXISTS estimate_id;
  `);
};
