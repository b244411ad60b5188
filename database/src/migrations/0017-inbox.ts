import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * The team inbox: a conversation (keyed as the chat names it: `lead-<id>`, `user-<id>`,
 * `group-<id>`) can be resolved (a row here; an inbound message deletes it, which reopens it), carry
 * the organization's colored labels and private notes that are never sent to Telegram; canned
 * answers per organization; a message may answer another one of its thread (`reply_to_id`); and a
 * trigram index over message texts for the search inside conversations, led by the organization when
 * btree_gin is available (see 0015), so a firm's search reads only its own matches.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  const db = qi.sequelize;
  await db.query(`
    CREATE TABLE resolved_conversations (
      org_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      conversation_id varchar(40) NOT NULL,
      resolved_by integer REFERENCES users(id) ON DELETE SET NULL,
      resolved_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, conversation_id)
    );
    CREATE TABLE chat_labels (
      id serial PRIMARY KEY,
      org_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name varchar(40) NOT NULL,
      color varchar(7) NOT NULL DEFAULT '#1976d2',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX chat_labels_org_name_key ON chat_labels (org_id, lower(name));
    CREATE TABLE conversation_labels (
      org_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      conversation_id varchar(40) NOT NULL,
      label_id integer NOT NULL REFERENCES chat_labels(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, conversation_id, label_id)
    );
    CREATE INDEX conversation_labels_label_idx ON conversation_labels (org_id, label_id);
    CREATE TABLE conversation_notes (
      id serial PRIMARY KEY,
      org_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      conversation_id varchar(40) NOT NULL,
      author_id integer REFERENCES users(id) ON DELETE SET NULL,
      content text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX conversation_notes_thread_idx ON conversation_notes (org_id, conversation_id, created_at);
    CREATE TABLE quick_replies (
      id serial PRIMARY KEY,
      org_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      title varchar(80) NOT NULL,
      content text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX quick_replies_org_idx ON quick_replies (org_id, lower(title));
    ALTER TABLE chat_messages ADD COLUMN reply_to_id bigint REFERENCES chat_messages(id) ON DELETE SET NULL;
  `);
  if (await extension(db, 'pg_trgm')) {
    const org = (await extension(db, 'btree_gin')) ? 'org_id, ' : '';
    await db.query(`CREATE INDEX chat_messages_content_trgm_idx ON chat_messages USING gin (${org}content gin_trgm_ops)`);
  }
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS chat_messages_content_trgm_idx;
    ALTER TABLE chat_messages DROP COLUMN IF EXISTS reply_to_id;
    DROP TABLE IF EXISTS quick_replies;
    DROP TABLE IF EXISTS conversation_notes;
    DROP TABLE IF EXISTS conversation_labels;
    DROP TABLE IF EXISTS chat_labels;
    DROP TABLE IF EXISTS resolved_conversations;
  `);
};

/** As in 0015: a server without contrib, or a role that may not create it, only loses the index. */
async function extension(db: QueryInterface['sequelize'], name: 'pg_trgm' | 'btree_gin'): Promise<boolean> {
  const [rows] = await db.query('SELECT 1 FROM pg_available_extensions WHERE name = :name', { replacements: { name } });
  if (!(rows as unknown[]).length) return false;
  try {
    await db.query(`CREATE EXTENSION IF NOT EXISTS ${name}`);
    return true;
  } catch {
    return false;
  }
}
