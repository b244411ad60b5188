import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * The inbox's tab counts without reading every conversation of the firm.
 *
 * - `inbox_entries` holds, per conversation, what it was last counted as: its manager, whether it
 *   waits for a manager, has unread messages, is resolved. The conversation's rows are those of the
 *   chat list (core/src/chat/conversation.queries.ts): a lead with a Telegram chat or messages, a
 *   person with their own thread and no lead, every Telegram group (its manager is its project's).
 * - `inbox_counts` holds signed counts per (org, manager, needs_manager, unread, resolved); the
 *   counts are their sums. Rows are only ever added (-1 for what a conversation was, +1 for what it
 *   is), so concurrent writers never wait on a shared counter row; the reader folds an
 *   organization's rows into one per group once they pile up.
 * - `inbox_refresh(org, conversation)` computes the conversation's state from its rows and, when it
 *   differs from its entry, rewrites the entry and adds the difference to the counts. Triggers call it
 *   in the same transaction as every write that can change a count (a lead's or a person's manager,
 *   unread count, thread or client link; a group's project; a project's manager; resolving and
 *   reopening), so no writer can forget it. It holds the conversation's own row (as every writer of
 *   that row does) before it reads, so two transactions refreshing one conversation take turns and
 *   the second reads what the first committed.
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE inbox_entries (
      org_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      conversation_id varchar(40) NOT NULL,
      manager_id integer,
      needs_manager boolean NOT NULL,
      unread boolean NOT NULL,
      resolved boolean NOT NULL,
      PRIMARY KEY (org_id, conversation_id)
    );
    CREATE TABLE inbox_counts (
      org_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      manager_id integer,
      needs_manager boolean NOT NULL,
      unread boolean NOT NULL,
      resolved boolean NOT NULL,
      conversations integer NOT NULL
    );
    CREATE INDEX inbox_counts_org_idx ON inbox_counts (org_id);

    CREATE FUNCTION inbox_refresh(p_org integer, p_conversation text) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      kind text := split_part(p_conversation, '-', 1);
      ref integer;
      now_entry inbox_entries;
      was inbox_entries;
      is_conversation boolean;
      had boolean;
    BEGIN
      -- An organization being deleted takes its entries and counts with it.
      IF p_conversation !~ '^(lead|user|group)-[1-9][0-9]{0,9}$' THEN RETURN; END IF;
      IF split_part(p_conversation, '-', 2)::bigint > 2147483647 OR NOT EXISTS (SELECT 1 FROM organizations WHERE id = p_org) THEN RETURN; END IF;
      ref := split_part(p_conversation, '-', 2)::integer;
      IF kind = 'lead' THEN
        PERFORM 1 FROM leads WHERE id = ref FOR NO KEY UPDATE;
        SELECT p_org, p_conversation, l.manager_id, l.needs_manager, l.unread_count > 0, FALSE INTO now_entry
          FROM leads l
         WHERE l.id = ref AND l.org_id = p_org AND (l.telegram_id IS NOT NULL OR l.chat_id IS NOT NULL OR l.last_message_at IS NOT NULL);
      ELSIF kind = 'user' THEN
        PERFORM 1 FROM users WHERE id = ref FOR NO KEY UPDATE;
        SELECT p_org, p_conversation, u.manager_id, FALSE, u.unread_count > 0, FALSE INTO now_entry
          FROM users u
         WHERE u.id = ref AND u.org_id = p_org AND u.last_message_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.org_id = p_org AND l.client_id = u.id);
      ELSE
        PERFORM 1 FROM telegram_groups WHERE id = ref FOR NO KEY UPDATE;
        SELECT p_org, p_conversation, p.manager_id, FALSE, g.unread_count > 0, FALSE INTO now_entry
          FROM telegram_groups g LEFT JOIN projects p ON p.id = g.project_id AND p.org_id = g.org_id
         WHERE g.id = ref AND g.org_id = p_org;
      END IF;
      is_conversation := FOUND;
      IF is_conversation THEN
        now_entry.resolved := EXISTS (SELECT 1 FROM resolved_conversations r WHERE r.org_id = p_org AND r.conversation_id = p_conversation);
      END IF;

      SELECT * INTO was FROM inbox_entries e WHERE e.org_id = p_org AND e.conversation_id = p_conversation;
      had := FOUND;
      IF had AND is_conversation AND (was.manager_id, was.needs_manager, was.unread, was.resolved)
        IS NOT DISTINCT FROM (now_entry.manager_id, now_entry.needs_manager, now_entry.unread, now_entry.resolved) THEN
        RETURN;
      END IF;
      IF had THEN
        INSERT INTO inbox_counts VALUES (p_org, was.manager_id, was.needs_manager, was.unread, was.resolved, -1);
      END IF;
      IF is_conversation THEN
        INSERT INTO inbox_counts VALUES (p_org, now_entry.manager_id, now_entry.needs_manager, now_entry.unread, now_entry.resolved, 1);
        INSERT INTO inbox_entries (org_id, conversation_id, manager_id, needs_manager, unread, resolved)
          VALUES (p_org, p_conversation, now_entry.manager_id, now_entry.needs_manager, now_entry.unread, now_entry.resolved)
          ON CONFLICT (org_id, conversation_id) DO UPDATE SET manager_id = EXCLUDED.manager_id, needs_manager = EXCLUDED.needs_manager,
            unread = EXCLUDED.unread, resolved = EXCLUDED.resolved;
      ELSIF had THEN
        DELETE FROM inbox_entries WHERE org_id = p_org AND conversation_id = p_conversation;
      END IF;
    END $$;

    CREATE FUNCTION leads_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM inbox_refresh(NEW.org_id, 'lead-' || NEW.id);
        IF NEW.client_id IS NOT NULL THEN PERFORM inbox_refresh(NEW.org_id, 'user-' || NEW.client_id); END IF;
        RETURN NULL;
      END IF;
      PERFORM inbox_refresh(OLD.org_id, 'lead-' || OLD.id);
      IF TG_OP = 'DELETE' THEN
        -- The client's own thread shows again once they have no lead.
        IF OLD.client_id IS NOT NULL THEN PERFORM inbox_refresh(OLD.org_id, 'user-' || OLD.client_id); END IF;
        RETURN NULL;
      END IF;
      IF NEW.org_id <> OLD.org_id THEN PERFORM inbox_refresh(NEW.org_id, 'lead-' || NEW.id); END IF;
      IF NEW.client_id IS DISTINCT FROM OLD.client_id OR NEW.org_id <> OLD.org_id THEN
        IF OLD.client_id IS NOT NULL THEN PERFORM inbox_refresh(OLD.org_id, 'user-' || OLD.client_id); END IF;
        IF NEW.client_id IS NOT NULL THEN PERFORM inbox_refresh(NEW.org_id, 'user-' || NEW.client_id); END IF;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER leads_inbox_insert AFTER INSERT ON leads FOR EACH ROW
      WHEN (NEW.telegram_id IS NOT NULL OR NEW.chat_id IS NOT NULL OR NEW.last_message_at IS NOT NULL OR NEW.client_id IS NOT NULL)
      EXECUTE FUNCTION leads_inbox();
    CREATE TRIGGER leads_inbox_update AFTER UPDATE ON leads FOR EACH ROW
      WHEN (OLD.manager_id IS DISTINCT FROM NEW.manager_id OR OLD.needs_manager <> NEW.needs_manager
        OR (OLD.unread_count > 0) <> (NEW.unread_count > 0) OR OLD.client_id IS DISTINCT FROM NEW.client_id OR OLD.org_id <> NEW.org_id
        OR (OLD.telegram_id IS NULL AND OLD.chat_id IS NULL AND OLD.last_message_at IS NULL)
          <> (NEW.telegram_id IS NULL AND NEW.chat_id IS NULL AND NEW.last_message_at IS NULL))
      EXECUTE FUNCTION leads_inbox();
    CREATE TRIGGER leads_inbox_delete AFTER DELETE ON leads FOR EACH ROW
      WHEN (OLD.telegram_id IS NOT NULL OR OLD.chat_id IS NOT NULL OR OLD.last_message_at IS NOT NULL OR OLD.client_id IS NOT NULL)
      EXECUTE FUNCTION leads_inbox();

    -- A person's or a group's own row is its conversation; the trigger's argument names the kind.
    CREATE FUNCTION own_row_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN PERFORM inbox_refresh(OLD.org_id, TG_ARGV[0] || '-' || OLD.id); END IF;
      IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.org_id <> OLD.org_id) THEN PERFORM inbox_refresh(NEW.org_id, TG_ARGV[0] || '-' || NEW.id); END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER users_inbox_insert AFTER INSERT ON users FOR EACH ROW WHEN (NEW.last_message_at IS NOT NULL)
      EXECUTE FUNCTION own_row_inbox('user');
    CREATE TRIGGER users_inbox_update AFTER UPDATE ON users FOR EACH ROW
      WHEN ((OLD.last_message_at IS NULL) <> (NEW.last_message_at IS NULL) OR OLD.manager_id IS DISTINCT FROM NEW.manager_id
        OR (OLD.unread_count > 0) <> (NEW.unread_count > 0) OR OLD.org_id <> NEW.org_id)
      EXECUTE FUNCTION own_row_inbox('user');
    CREATE TRIGGER users_inbox_delete AFTER DELETE ON users FOR EACH ROW WHEN (OLD.last_message_at IS NOT NULL)
      EXECUTE FUNCTION own_row_inbox('user');

    CREATE TRIGGER telegram_groups_inbox_insert AFTER INSERT ON telegram_groups FOR EACH ROW EXECUTE FUNCTION own_row_inbox('group');
    CREATE TRIGGER telegram_groups_inbox_update AFTER UPDATE ON telegram_groups FOR EACH ROW
      WHEN (OLD.project_id IS DISTINCT FROM NEW.project_id OR (OLD.unread_count > 0) <> (NEW.unread_count > 0) OR OLD.org_id <> NEW.org_id)
      EXECUTE FUNCTION own_row_inbox('group');
    CREATE TRIGGER telegram_groups_inbox_delete AFTER DELETE ON telegram_groups FOR EACH ROW EXECUTE FUNCTION own_row_inbox('group');

    -- A group conversation's manager is its project's.
    CREATE FUNCTION projects_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM inbox_refresh(g.org_id, 'group-' || g.id) FROM telegram_groups g WHERE g.org_id = NEW.org_id AND g.project_id = NEW.id;
      RETURN NULL;
    END $$;
    CREATE TRIGGER projects_inbox_update AFTER UPDATE ON projects FOR EACH ROW
      WHEN (OLD.manager_id IS DISTINCT FROM NEW.manager_id) EXECUTE FUNCTION projects_inbox();

    CREATE FUNCTION resolved_conversations_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN PERFORM inbox_refresh(OLD.org_id, OLD.conversation_id); END IF;
      IF TG_OP <> 'DELETE' THEN PERFORM inbox_refresh(NEW.org_id, NEW.conversation_id); END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER resolved_conversations_inbox AFTER INSERT OR UPDATE OR DELETE ON resolved_conversations FOR EACH ROW
      EXECUTE FUNCTION resolved_conversations_inbox();

    -- Every conversation there is now, counted once.
    SELECT inbox_refresh(org_id, 'lead-' || id) FROM leads WHERE telegram_id IS NOT NULL OR chat_id IS NOT NULL OR last_message_at IS NOT NULL;
    SELECT inbox_refresh(org_id, 'user-' || id) FROM users WHERE last_message_at IS NOT NULL;
    SELECT inbox_refresh(org_id, 'group-' || id) FROM telegram_groups;
    WITH gone AS (DELETE FROM inbox_counts RETURNING *)
    INSERT INTO inbox_counts SELECT org_id, manager_id, needs_manager, unread, resolved, sum(conversations)::int FROM gone
      GROUP BY 1, 2, 3, 4, 5 HAVING sum(conversations) <> 0;
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TRIGGER IF EXISTS resolved_conversations_inbox ON resolved_conversations;
    DROP TRIGGER IF EXISTS projects_inbox_update ON projects;
    DROP TRIGGER IF EXISTS telegram_groups_inbox_delete ON telegram_groups;
    DROP TRIGGER IF EXISTS telegram_groups_inbox_update ON telegram_groups;
    DROP TRIGGER IF EXISTS telegram_groups_inbox_insert ON telegram_groups;
    DROP TRIGGER IF EXISTS users_inbox_delete ON users;
    DROP TRIGGER IF EXISTS users_inbox_update ON users;
    DROP TRIGGER IF EXISTS users_inbox_insert ON users;
    DROP TRIGGER IF EXISTS leads_inbox_delete ON leads;
    DROP TRIGGER IF EXISTS leads_inbox_update ON leads;
    DROP TRIGGER IF EXISTS leads_inbox_insert ON leads;
    DROP FUNCTION IF EXISTS resolved_conversations_inbox();
    DROP FUNCTION IF EXISTS projects_inbox();
    DROP FUNCTION IF EXISTS own_row_inbox();
    DROP FUNCTION IF EXISTS leads_inbox();
    DROP FUNCTION IF EXISTS inbox_refresh(integer, text);
    DROP TABLE IF EXISTS inbox_counts;
    DROP TABLE IF EXISTS inbox_entries;
  `);
};
