import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

// The whole initial schema in SQL: enums, deferrable uniqueness for Kanban positions and
// CHECK constraints are clearer here than through the query-interface builders.
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TYPE user_role AS ENUM ('admin', 'manager', 'worker', 'client');
    CREATE TYPE lead_status AS ENUM ('new', 'qualified', 'measurement', 'estimate', 'contract', 'won', 'lost');
    CREATE TYPE message_direction AS ENUM ('inbound', 'outbound');
    CREATE TYPE delivery_status AS ENUM ('received', 'queued', 'sending', 'sent', 'failed', 'blocked');
    CREATE TYPE project_status AS ENUM ('planning', 'active', 'paused', 'done', 'cancelled');
    CREATE TYPE stage_status AS ENUM ('planned', 'in_progress', 'done');
    CREATE TYPE transaction_type AS ENUM ('expense', 'income');
    CREATE TYPE transaction_status AS ENUM ('confirmed', 'rejected');
    CREATE TYPE change_request_status AS ENUM ('pending', 'approved', 'rejected');
    CREATE TYPE update_status AS ENUM ('pending', 'processing', 'done', 'failed');

    CREATE TABLE organizations (
      id SERIAL PRIMARY KEY,
      name TEXT NOT NULL CHECK (length(trim(name)) > 0),
      owner_id INTEGER,
      bot_token TEXT,
      bot_id BIGINT UNIQUE,
      bot_username TEXT,
      webhook_secret TEXT,
      currency CHAR(3) NOT NULL DEFAULT 'RUB',
      timezone TEXT NOT NULL DEFAULT 'Europe/Moscow',
      locale TEXT NOT NULL DEFAULT 'ru' CHECK (locale IN ('ru', 'en')),
      ai_enabled BOOLEAN NOT NULL DEFAULT TRUE,
      ai_instructions TEXT,
      ai_daily_cap_usd NUMERIC(12, 4) NOT NULL DEFAULT 5,
      hot_budget_threshold NUMERIC(14, 2),
      stale_lead_days INTEGER NOT NULL DEFAULT 3 CHECK (stale_lead_days BETWEEN 1 AND 365),
      report_reminder_hour INTEGER NOT NULL DEFAULT 19 CHECK (report_reminder_hour BETWEEN 0 AND 23),
      digest_hour INTEGER NOT NULL DEFAULT 9 CHECK (digest_hour BETWEEN 0 AND 23),
      notify_client_on_report BOOLEAN NOT NULL DEFAULT TRUE,
      expense_categories JSONB NOT NULL DEFAULT '["materials","labour","tools","transport","other"]',
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );

    CREATE TABLE users (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      role user_role NOT NULL,
      name TEXT NOT NULL CHECK (length(trim(name)) > 0),
      email TEXT CHECK (email = lower(email)),
      password_hash TEXT,
      phone TEXT CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
      telegram_id BIGINT,
      telegram_username TEXT,
      language_code TEXT,
      is_active BOOLEAN NOT NULL DEFAULT TRUE,
      unreachable BOOLEAN NOT NULL DEFAULT FALSE,
      manager_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      CONSTRAINT users_staff_login CHECK (role NOT IN ('admin', 'manager') OR email IS NOT NULL)
    );
    CREATE UNIQUE INDEX users_email_key ON users (email) WHERE email IS NOT NULL;
    CREATE UNIQUE INDEX users_org_telegram_key ON users (org_id, telegram_id) WHERE telegram_id IS NOT NULL;
    CREATE UNIQUE INDEX users_org_phone_key ON users (org_id, phone) WHERE phone IS NOT NULL;
    CREATE INDEX users_org_role_idx ON users (org_id, role);

    ALTER TABLE organizations ADD CONSTRAINT organizations_owner_fk
      FOREIGN KEY (owner_id) REFERENCES users(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;

    CREATE TABLE leads (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      telegram_id BIGINT,
      chat_id BIGINT,
      client_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      manager_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      name TEXT NOT NULL DEFAULT '',
      username TEXT,
      phone TEXT,
      language_code TEXT,
      status lead_status NOT NULL DEFAULT 'new',
      position INTEGER NOT NULL CHECK (position >= 0),
      source TEXT NOT NULL DEFAULT 'manual',
      ai_enabled BOOLEAN NOT NULL DEFAULT TRUE,
      ai_summary TEXT,
      ai_paused_reason TEXT,
      work_type TEXT CHECK (work_type IN ('apartment', 'bathroom', 'kitchen', 'cosmetic', 'capital', 'design', 'other')),
      area_m2 NUMERIC(8, 2) CHECK (area_m2 > 0),
      rooms INTEGER CHECK (rooms >= 0),
      budget_amount NUMERIC(14, 2) CHECK (budget_amount >= 0),
      budget_currency CHAR(3),
      timing TEXT,
      property_type TEXT CHECK (property_type IN ('new_build', 'secondary')),
      address TEXT,
      hotness INTEGER CHECK (hotness BETWEEN 0 AND 100),
      hotness_reasons JSONB NOT NULL DEFAULT '[]',
      needs_manager BOOLEAN NOT NULL DEFAULT FALSE,
      unreachable BOOLEAN NOT NULL DEFAULT FALSE,
      lost_reason TEXT,
      ai_tokens INTEGER NOT NULL DEFAULT 0,
      ai_cost_usd NUMERIC(12, 6) NOT NULL DEFAULT 0,
      unread_count INTEGER NOT NULL DEFAULT 0,
      last_message_at TIMESTAMPTZ,
      last_activity_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      CONSTRAINT leads_org_status_position_key UNIQUE (org_id, status, position) DEFERRABLE INITIALLY DEFERRED
    );
    CREATE UNIQUE INDEX leads_org_telegram_key ON leads (org_id, telegram_id) WHERE telegram_id IS NOT NULL;
    CREATE INDEX leads_org_created_idx ON leads (org_id, created_at DESC);
    CREATE INDEX leads_org_last_message_idx ON leads (org_id, last_message_at DESC NULLS LAST);

    CREATE TABLE chat_messages (
      id BIGSERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      lead_id INTEGER REFERENCES leads(id) ON DELETE CASCADE,
      user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
      sender_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      direction message_direction NOT NULL,
      kind TEXT NOT NULL DEFAULT 'text',
      content TEXT NOT NULL DEFAULT '',
      media JSONB NOT NULL DEFAULT '[]',
      chat_id BIGINT,
      telegram_message_id BIGINT,
      media_group_id TEXT,
      reply_markup JSONB,
      status delivery_status NOT NULL,
      error TEXT,
      edited_at TIMESTAMPTZ,
      original_content TEXT,
      read_at TIMESTAMPTZ,
      sent_at TIMESTAMPTZ,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      CONSTRAINT chat_messages_person CHECK (lead_id IS NOT NULL OR user_id IS NOT NULL OR chat_id IS NOT NULL)
    );
    CREATE INDEX chat_messages_org_lead_idx ON chat_messages (org_id, lead_id, id DESC);
    CREATE INDEX chat_messages_org_user_idx ON chat_messages (org_id, user_id, id DESC);
    CREATE INDEX chat_messages_org_created_idx ON chat_messages (org_id, created_at DESC);
    CREATE UNIQUE INDEX chat_messages_telegram_key ON chat_messages (org_id, chat_id, telegram_message_id)
      WHERE telegram_message_id IS NOT NULL;
    CREATE INDEX chat_messages_media_group_idx ON chat_messages (org_id, media_group_id) WHERE media_group_id IS NOT NULL;

    CREATE TABLE projects (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      client_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      lead_id INTEGER REFERENCES leads(id) ON DELETE SET NULL,
      manager_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      name TEXT NOT NULL CHECK (length(trim(name)) > 0),
      address TEXT NOT NULL DEFAULT '',
      status project_status NOT NULL DEFAULT 'active',
      budget_total NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (budget_total >= 0),
      budget_spent NUMERIC(14, 2) NOT NULL DEFAULT 0,
      start_date DATE,
      end_date DATE,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX projects_org_status_idx ON projects (org_id, status);
    CREATE INDEX projects_org_client_idx ON projects (org_id, client_id);

    CREATE TABLE project_workers (
      project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, user_id)
    );
    CREATE INDEX project_workers_user_idx ON project_workers (org_id, user_id);

    CREATE TABLE stages (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      name TEXT NOT NULL CHECK (length(trim(name)) > 0),
      status stage_status NOT NULL DEFAULT 'planned',
      progress_pct INTEGER NOT NULL DEFAULT 0 CHECK (progress_pct BETWEEN 0 AND 100),
      budget_planned NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (budget_planned >= 0),
      position INTEGER NOT NULL DEFAULT 0,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX stages_project_idx ON stages (org_id, project_id, position);

    CREATE TABLE daily_reports (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      stage_id INTEGER REFERENCES stages(id) ON DELETE SET NULL,
      author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      content TEXT NOT NULL DEFAULT '',
      media_urls JSONB NOT NULL DEFAULT '[]',
      voice_url TEXT,
      progress_pct INTEGER CHECK (progress_pct BETWEEN 0 AND 100),
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX daily_reports_org_created_idx ON daily_reports (org_id, created_at DESC);
    CREATE INDEX daily_reports_project_idx ON daily_reports (org_id, project_id, created_at DESC);

    CREATE TABLE transactions (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      stage_id INTEGER REFERENCES stages(id) ON DELETE SET NULL,
      author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      amount NUMERIC(14, 2) NOT NULL CHECK (amount > 0),
      type transaction_type NOT NULL,
      status transaction_status NOT NULL DEFAULT 'confirmed',
      category TEXT NOT NULL DEFAULT 'other',
      description TEXT NOT NULL DEFAULT '',
      proof_url TEXT,
      occurred_on DATE NOT NULL DEFAULT CURRENT_DATE,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX transactions_org_project_idx ON transactions (org_id, project_id, occurred_on DESC);
    CREATE INDEX transactions_org_created_idx ON transactions (org_id, created_at DESC);

    CREATE TABLE change_requests (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      title TEXT NOT NULL CHECK (length(trim(title)) > 0),
      description TEXT NOT NULL DEFAULT '',
      amount NUMERIC(14, 2) NOT NULL,
      status change_request_status NOT NULL DEFAULT 'pending',
      created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
      decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
      decided_at TIMESTAMPTZ,
      sent_at TIMESTAMPTZ,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      CONSTRAINT change_requests_decision CHECK ((status = 'pending') = (decided_at IS NULL))
    );
    CREATE INDEX change_requests_org_project_idx ON change_requests (org_id, project_id, status);

    CREATE TABLE documents (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
      title TEXT NOT NULL CHECK (length(trim(title)) > 0),
      kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('contract', 'estimate', 'act', 'other')),
      url TEXT NOT NULL,
      mime_type TEXT,
      size INTEGER,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX documents_org_project_idx ON documents (org_id, project_id);

    -- Telegram intake journal: stored before the webhook is acknowledged, processed once.
    CREATE TABLE telegram_updates (
      id BIGSERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      bot_id BIGINT NOT NULL,
      update_id BIGINT NOT NULL,
      payload JSONB NOT NULL,
      status update_status NOT NULL DEFAULT 'pending',
      attempts INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      processed_at TIMESTAMPTZ,
      CONSTRAINT telegram_updates_bot_update_key UNIQUE (bot_id, update_id)
    );
    CREATE INDEX telegram_updates_pending_idx ON telegram_updates (status, id) WHERE status IN ('pending', 'processing');

    -- Multi-step bot dialogs (worker reports, expenses) survive restarts and replicas.
    CREATE TABLE bot_sessions (
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      chat_id BIGINT NOT NULL,
      state JSONB NOT NULL DEFAULT '{}',
      version INTEGER NOT NULL DEFAULT 0,
      updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, chat_id)
    );

    CREATE TABLE media_files (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      file_unique_id TEXT,
      storage_key TEXT NOT NULL,
      mime_type TEXT,
      size INTEGER,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX media_files_unique_key ON media_files (org_id, file_unique_id) WHERE file_unique_id IS NOT NULL;

    CREATE TABLE ai_runs (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      lead_id INTEGER REFERENCES leads(id) ON DELETE CASCADE,
      engine TEXT NOT NULL,
      model TEXT,
      prompt_tokens INTEGER NOT NULL DEFAULT 0,
      completion_tokens INTEGER NOT NULL DEFAULT 0,
      cost_usd NUMERIC(12, 6) NOT NULL DEFAULT 0,
      request JSONB,
      response JSONB,
      error TEXT,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX ai_runs_org_created_idx ON ai_runs (org_id, created_at DESC);
    CREATE INDEX ai_runs_lead_idx ON ai_runs (org_id, lead_id);

    CREATE TABLE notifications (
      id SERIAL PRIMARY KEY,
      org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
      type TEXT NOT NULL,
      title TEXT NOT NULL,
      body TEXT NOT NULL DEFAULT '',
      payload JSONB NOT NULL DEFAULT '{}',
      read_at TIMESTAMPTZ,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX notifications_org_created_idx ON notifications (org_id, created_at DESC);
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS notifications, ai_runs, media_files, bot_sessions, telegram_updates, documents,
      change_requests, transactions, daily_reports, stages, project_workers, projects, chat_messages, leads CASCADE;
    ALTER TABLE IF EXISTS organizations DROP CONSTRAINT IF EXISTS organizations_owner_fk;
    DROP TABLE IF EXISTS users, organizations CASCADE;
    DROP TYPE IF EXISTS user_role, lead_status, message_direction, delivery_status, project_status, stage_status,
      transaction_type, transaction_status, change_request_status, update_status;
  `);
};
