import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { DeliveryStatus, LeadStatus, Locale, MediaItem, MessageDirection, ProjectStatus, StageStatus, UserRole } from './types.js';
import { DELIVERY_STATUSES } from './types.js';
import { common, createdDef, refDef, stamps, tsDef } from './columns.js';
import { initEstimateModels } from './estimates.js';

export * from './estimates.js';
import { initCatalogueModels } from './catalogue.js';
import { initChangeOrderModels } from './change-orders.js';

export * from './change-orders.js';
import { initInboxModels } from './inbox.js';

export { CatalogueItem, Appointment, LeadMeasurement, type MeasuredRoom } from './catalogue.js';
export { QuickReply, ChatLabel } from './inbox.js';
import { initCrmCardModels } from './crm-card.js';

export * from './crm-card.js';

const money = () => ({ type: DataTypes.DECIMAL(14, 2) });

export class Organization extends Model<InferAttributes<Organization>, InferCreationAttributes<Organization>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare owner_id: CreationOptional<number | null>;
  declare bot_token: CreationOptional<string | null>;
  declare bot_id: CreationOptional<number | null>;
  declare bot_username: CreationOptional<string | null>;
  declare webhook_secret: CreationOptional<string | null>;
  declare currency: CreationOptional<string>;
  /** ISO 3166 country: the default region for phone numbers typed without a country code. */
  declare country: CreationOptional<string>;
  declare timezone: CreationOptional<string>;
  declare locale: CreationOptional<Locale>;
  declare ai_enabled: CreationOptional<boolean>;
  declare ai_instructions: CreationOptional<string | null>;
  declare ai_daily_cap_usd: CreationOptional<string>;
  declare hot_budget_threshold: CreationOptional<string | null>;
  declare stale_lead_days: CreationOptional<number>;
  declare report_reminder_hour: CreationOptional<number>;
  declare digest_hour: CreationOptional<number>;
  declare notify_client_on_report: CreationOptional<boolean>;
  declare expense_categories: CreationOptional<string[]>;
  /** Stage names and hidden stages of the Kanban, and the lost reasons offered (core/src/leads/pipeline.ts reads it). */
  declare pipeline: CreationOptional<Record<string, unknown>>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare role: UserRole;
  declare name: string;
  declare email: CreationOptional<string | null>;
  declare password_hash: CreationOptional<string | null>;
  declare phone: CreationOptional<string | null>;
  declare telegram_id: CreationOptional<number | null>;
  declare telegram_username: CreationOptional<string | null>;
  declare language_code: CreationOptional<string | null>;
  /** The language chosen in the back-office profile; null follows the organization. */
  declare locale: CreationOptional<Locale | null>;
  declare is_active: CreationOptional<boolean>;
  declare unreachable: CreationOptional<boolean>;
  declare manager_id: CreationOptional<number | null>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export class Lead extends Model<InferAttributes<Lead>, InferCreationAttributes<Lead>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare telegram_id: CreationOptional<number | null>;
  declare chat_id: CreationOptional<number | null>;
  declare client_id: CreationOptional<number | null>;
  declare manager_id: CreationOptional<number | null>;
  declare name: CreationOptional<string>;
  declare username: CreationOptional<string | null>;
  declare phone: CreationOptional<string | null>;
  declare language_code: CreationOptional<string | null>;
  declare status: CreationOptional<LeadStatus>;
  declare position: number;
  declare source: CreationOptional<string>;
  declare ai_enabled: CreationOptional<boolean>;
  declare ai_summary: CreationOptional<string | null>;
  declare ai_paused_reason: CreationOptional<string | null>;
  declare work_type: CreationOptional<string | null>;
  declare area_m2: CreationOptional<string | null>;
  declare rooms: CreationOptional<number | null>;
  declare budget_amount: CreationOptional<string | null>;
  declare budget_currency: CreationOptional<string | null>;
  declare timing: CreationOptional<string | null>;
  declare property_type: CreationOptional<string | null>;
  declare address: CreationOptional<string | null>;
  declare hotness: CreationOptional<number | null>;
  declare hotness_reasons: CreationOptional<string[]>;
  declare needs_manager: CreationOptional<boolean>;
  declare unreachable: CreationOptional<boolean>;
  declare lost_reason: CreationOptional<string | null>;
  declare ai_tokens: CreationOptional<number>;
  declare ai_cost_usd: CreationOptional<string>;
  declare unread_count: CreationOptional<number>;
  declare last_message_at: CreationOptional<Date | null>;
  declare last_activity_at: CreationOptional<Date>;
  declare status_changed_at: CreationOptional<Date>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export class ChatMessage extends Model<InferAttributes<ChatMessage>, InferCreationAttributes<ChatMessage>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare lead_id: CreationOptional<number | null>;
  declare user_id: CreationOptional<number | null>;
  declare sender_id: CreationOptional<number | null>;
  /** A Telegram group's conversation (telegram_groups), for messages in and to a group. */
  declare group_id: CreationOptional<number | null>;
  /** The sender's name as Telegram shows it, for group members who are not users. */
  declare author_name: CreationOptional<string | null>;
  declare direction: MessageDirection;
  declare kind: CreationOptional<string>;
  declare content: CreationOptional<string>;
  declare media: CreationOptional<MediaItem[]>;
  declare chat_id: CreationOptional<number | null>;
  declare telegram_message_id: CreationOptional<number | null>;
  declare media_group_id: CreationOptional<string | null>;
  /** The message of the same thread this one answers (sent to Telegram as a reply to it). */
  declare reply_to_id: CreationOptional<number | null>;
  declare reply_markup: CreationOptional<object | null>;
  declare status: DeliveryStatus;
  declare error: CreationOptional<string | null>;
  /** Delivery attempts that ended in a transient failure; when the next one is due; the sender's lease. */
  declare attempts: CreationOptional<number>;
  declare next_attempt_at: CreationOptional<Date | null>;
  declare lease_until: CreationOptional<Date | null>;
  declare first_failed_at: CreationOptional<Date | null>;
  /** Inbound media still being fetched from Telegram (`loading`) or given up on (`failed`). */
  declare media_state: CreationOptional<'loading' | 'failed' | null>;
  declare media_attempts: CreationOptional<number>;
  declare media_error: CreationOptional<string | null>;
  /** A client's question about this estimate (asked from the bot or the Mini App). */
  declare estimate_id: CreationOptional<number | null>;
  declare edited_at: CreationOptional<Date | null>;
  declare original_content: CreationOptional<string | null>;
  declare read_at: CreationOptional<Date | null>;
  declare sent_at: CreationOptional<Date | null>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export class Project extends Model<InferAttributes<Project>, InferCreationAttributes<Project>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare client_id: CreationOptional<number | null>;
  declare lead_id: CreationOptional<number | null>;
  declare manager_id: CreationOptional<number | null>;
  declare name: string;
  declare address: CreationOptional<string>;
  declare status: CreationOptional<ProjectStatus>;
  declare budget_total: CreationOptional<string>;
  declare budget_spent: CreationOptional<string>;
  declare start_date: CreationOptional<string | null>;
  declare end_date: CreationOptional<string | null>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export class ProjectWorker extends Model<InferAttributes<ProjectWorker>, InferCreationAttributes<ProjectWorker>> {
  declare project_id: number;
  declare user_id: number;
  declare org_id: number;
  declare created_at: CreationOptional<Date>;
}

export class Stage extends Model<InferAttributes<Stage>, InferCreationAttributes<Stage>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare project_id: number;
  declare name: string;
  declare status: CreationOptional<StageStatus>;
  declare progress_pct: CreationOptional<number>;
  declare budget_planned: CreationOptional<string>;
  declare position: CreationOptional<number>;
  /** The estimate section the stage was made from, if any. */
  declare estimate_section_id: CreationOptional<number | null>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export class DailyReport extends Model<InferAttributes<DailyReport>, InferCreationAttributes<DailyReport>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare project_id: number;
  declare stage_id: CreationOptional<number | null>;
  declare author_id: CreationOptional<number | null>;
  declare content: CreationOptional<string>;
  declare media_urls: CreationOptional<MediaItem[]>;
  declare voice_url: CreationOptional<string | null>;
  declare progress_pct: CreationOptional<number | null>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export class Transaction extends Model<InferAttributes<Transaction>, InferCreationAttributes<Transaction>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare project_id: number;
  declare stage_id: CreationOptional<number | null>;
  declare author_id: CreationOptional<number | null>;
  declare amount: string;
  declare type: 'expense' | 'income';
  declare status: CreationOptional<'confirmed' | 'rejected'>;
  declare category: CreationOptional<string>;
  declare description: CreationOptional<string>;
  declare proof_url: CreationOptional<string | null>;
  declare occurred_on: CreationOptional<string>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export class ChangeRequest extends Model<InferAttributes<ChangeRequest>, InferCreationAttributes<ChangeRequest>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare project_id: number;
  declare title: string;
  declare description: CreationOptional<string>;
  declare amount: string;
  declare status: CreationOptional<'pending' | 'approved' | 'rejected'>;
  declare created_by: CreationOptional<number | null>;
  declare decided_by: CreationOptional<number | null>;
  declare decided_at: CreationOptional<Date | null>;
  declare sent_at: CreationOptional<Date | null>;
  /** Line-based change orders: the approved estimate they change, their figures, when approval was applied. */
  declare estimate_id: CreationOptional<number | null>;
  declare figures: CreationOptional<import('./change-orders.js').ChangeOrderFigures | null>;
  declare applied_at: CreationOptional<Date | null>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export class Document extends Model<InferAttributes<Document>, InferCreationAttributes<Document>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare project_id: number;
  declare title: string;
  declare kind: CreationOptional<string>;
  declare url: string;
  declare mime_type: CreationOptional<string | null>;
  declare size: CreationOptional<number | null>;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

export class TelegramUpdate extends Model<InferAttributes<TelegramUpdate>, InferCreationAttributes<TelegramUpdate>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare bot_id: number;
  declare update_id: number;
  declare payload: object;
  declare status: CreationOptional<'pending' | 'processing' | 'done' | 'failed'>;
  declare attempts: CreationOptional<number>;
  declare error: CreationOptional<string | null>;
  /** Until when the replica processing it holds it. */
  declare lease_until: CreationOptional<Date | null>;
  declare created_at: CreationOptional<Date>;
  declare processed_at: CreationOptional<Date | null>;
}

export class BotSession extends Model<InferAttributes<BotSession>, InferCreationAttributes<BotSession>> {
  declare org_id: number;
  declare chat_id: number;
  declare state: CreationOptional<Record<string, unknown>>;
  declare version: CreationOptional<number>;
  declare updated_at: CreationOptional<Date>;
}

export class MediaFile extends Model<InferAttributes<MediaFile>, InferCreationAttributes<MediaFile>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare file_unique_id: CreationOptional<string | null>;
  declare storage_key: string;
  declare mime_type: CreationOptional<string | null>;
  declare size: CreationOptional<number | null>;
  declare created_at: CreationOptional<Date>;
}

export class AiRun extends Model<InferAttributes<AiRun>, InferCreationAttributes<AiRun>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare lead_id: CreationOptional<number | null>;
  declare engine: string;
  declare model: CreationOptional<string | null>;
  declare prompt_tokens: CreationOptional<number>;
  declare completion_tokens: CreationOptional<number>;
  declare cost_usd: CreationOptional<string>;
  declare request: CreationOptional<object | null>;
  declare response: CreationOptional<object | null>;
  declare error: CreationOptional<string | null>;
  declare created_at: CreationOptional<Date>;
}

export class Notification extends Model<InferAttributes<Notification>, InferCreationAttributes<Notification>> {
  declare id: CreationOptional<number>;
  declare org_id: number;
  declare user_id: CreationOptional<number | null>;
  declare type: string;
  declare title: string;
  declare body: CreationOptional<string>;
  declare payload: CreationOptional<Record<string, unknown>>;
  declare read_at: CreationOptional<Date | null>;
  declare created_at: CreationOptional<Date>;
}

// Factories, not shared constants: Sequelize writes into each attribute definition it is given.
const idDef = () => ({ type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true });
const bigIdDef = () => ({ type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true });
const orgIdDef = () => ({ type: DataTypes.INTEGER, allowNull: false });
const text = (allowNull = true) => ({ type: DataTypes.TEXT, allowNull });
const jsonb = (defaultValue: unknown) => ({ type: DataTypes.JSONB, allowNull: false, defaultValue });
const bool = (defaultValue: boolean) => ({ type: DataTypes.BOOLEAN, allowNull: false, defaultValue });
const int = (allowNull = true) => ({ type: DataTypes.INTEGER, allowNull });

/** Binds every model to a connection. Called once per Sequelize instance. */
export function initModels(sequelize: Sequelize): void {
  Organization.init(
    {
      id: idDef(),
      name: text(false),
      owner_id: refDef(),
      bot_token: text(),
      bot_id: { type: DataTypes.BIGINT },
      bot_username: text(),
      webhook_secret: text(),
      currency: { type: DataTypes.STRING(3), defaultValue: 'RUB' },
      country: { type: DataTypes.STRING(2), defaultValue: 'RU' },
      timezone: { type: DataTypes.TEXT, defaultValue: 'Europe/Moscow' },
      locale: { type: DataTypes.TEXT, defaultValue: 'ru' },
      ai_enabled: bool(true),
      ai_instructions: text(),
      ai_daily_cap_usd: { type: DataTypes.DECIMAL(12, 4), defaultValue: '5' },
      hot_budget_threshold: money(),
      stale_lead_days: { type: DataTypes.INTEGER, defaultValue: 3 },
      report_reminder_hour: { type: DataTypes.INTEGER, defaultValue: 19 },
      digest_hour: { type: DataTypes.INTEGER, defaultValue: 9 },
      notify_client_on_report: bool(true),
      expense_categories: jsonb(['materials', 'labour', 'tools', 'transport', 'other']),
      pipeline: jsonb({}),
      ...stamps(),
    },
    { sequelize, tableName: 'organizations', ...common },
  );

  User.init(
    {
      id: idDef(),
      org_id: orgIdDef(),
      role: { type: DataTypes.ENUM('admin', 'manager', 'worker', 'client'), allowNull: false },
      name: text(false),
      email: text(),
      password_hash: text(),
      phone: text(),
      telegram_id: { type: DataTypes.BIGINT },
      telegram_username: text(),
      language_code: text(),
      locale: text(),
      is_active: bool(true),
      unreachable: bool(false),
      manager_id: refDef(),
      ...stamps(),
    },
    { sequelize, tableName: 'users', ...common },
  );

  Lead.init(
    {
      id: idDef(),
      org_id: orgIdDef(),
      telegram_id: { type: DataTypes.BIGINT },
      chat_id: { type: DataTypes.BIGINT },
      client_id: refDef(),
      manager_id: refDef(),
      name: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      username: text(),
      phone: text(),
      language_code: text(),
      status: { type: DataTypes.ENUM('new', 'qualified', 'measurement', 'estimate', 'contract', 'won', 'lost'), allowNull: false, defaultValue: 'new' },
      position: int(false),
      source: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'manual' },
      ai_enabled: bool(true),
      ai_summary: text(),
      ai_paused_reason: text(),
      work_type: text(),
      area_m2: { type: DataTypes.DECIMAL(8, 2) },
      rooms: int(),
      budget_amount: money(),
      budget_currency: { type: DataTypes.STRING(3) },
      timing: text(),
      property_type: text(),
      address: text(),
      hotness: int(),
      hotness_reasons: jsonb([]),
      needs_manager: bool(false),
      unreachable: bool(false),
      lost_reason: text(),
      ai_tokens: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ai_cost_usd: { type: DataTypes.DECIMAL(12, 6), allowNull: false, defaultValue: '0' },
      unread_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      last_message_at: tsDef(),
      last_activity_at: createdDef(),
      status_changed_at: createdDef(),
      ...stamps(),
    },
    { sequelize, tableName: 'leads', ...common },
  );

  ChatMessage.init(
    {
      id: bigIdDef(),
      org_id: orgIdDef(),
      lead_id: refDef(),
      user_id: refDef(),
      sender_id: refDef(),
      group_id: refDef(),
      author_name: text(),
      direction: { type: DataTypes.ENUM('inbound', 'outbound'), allowNull: false },
      kind: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'text' },
      content: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      media: jsonb([]),
      chat_id: { type: DataTypes.BIGINT },
      telegram_message_id: { type: DataTypes.BIGINT },
      media_group_id: text(),
      reply_markup: { type: DataTypes.JSONB },
      reply_to_id: { type: DataTypes.BIGINT },
      status: { type: DataTypes.ENUM(...DELIVERY_STATUSES), allowNull: false },
      error: text(),
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      next_attempt_at: tsDef(),
      lease_until: tsDef(),
      first_failed_at: tsDef(),
      media_state: text(),
      media_attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      media_error: text(),
      estimate_id: refDef(),
      edited_at: tsDef(),
      original_content: text(),
      read_at: tsDef(),
      sent_at: tsDef(),
      ...stamps(),
    },
    { sequelize, tableName: 'chat_messages', ...common },
  );

  Project.init(
    {
      id: idDef(),
      org_id: orgIdDef(),
      client_id: refDef(),
      lead_id: refDef(),
      manager_id: refDef(),
      name: text(false),
      address: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      status: { type: DataTypes.ENUM('planning', 'active', 'paused', 'done', 'cancelled'), allowNull: false, defaultValue: 'active' },
      budget_total: { ...money(), allowNull: false, defaultValue: '0' },
      budget_spent: { ...money(), allowNull: false, defaultValue: '0' },
      start_date: { type: DataTypes.DATEONLY },
      end_date: { type: DataTypes.DATEONLY },
      ...stamps(),
    },
    { sequelize, tableName: 'projects', ...common },
  );

  ProjectWorker.init(
    {
      project_id: { type: DataTypes.INTEGER, primaryKey: true },
      user_id: { type: DataTypes.INTEGER, primaryKey: true },
      org_id: orgIdDef(),
      created_at: createdDef(),
    },
    { sequelize, tableName: 'project_workers', ...common, updatedAt: false },
  );

  Stage.init(
    {
      id: idDef(),
      org_id: orgIdDef(),
      project_id: int(false),
      name: text(false),
      status: { type: DataTypes.ENUM('planned', 'in_progress', 'done'), allowNull: false, defaultValue: 'planned' },
      progress_pct: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      budget_planned: { ...money(), allowNull: false, defaultValue: '0' },
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      estimate_section_id: refDef(),
      ...stamps(),
    },
    { sequelize, tableName: 'stages', ...common },
  );

  DailyReport.init(
    {
      id: idDef(),
      org_id: orgIdDef(),
      project_id: int(false),
      stage_id: refDef(),
      author_id: refDef(),
      content: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      media_urls: jsonb([]),
      voice_url: text(),
      progress_pct: int(),
      ...stamps(),
    },
    { sequelize, tableName: 'daily_reports', ...common },
  );

  Transaction.init(
    {
      id: idDef(),
      org_id: orgIdDef(),
      project_id: int(false),
      stage_id: refDef(),
      author_id: refDef(),
      amount: { ...money(), allowNull: false },
      type: { type: DataTypes.ENUM('expense', 'income'), allowNull: false },
      status: { type: DataTypes.ENUM('confirmed', 'rejected'), allowNull: false, defaultValue: 'confirmed' },
      category: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'other' },
      description: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      proof_url: text(),
      // Left out, it is the organization's today (the database sets it: migration 0030-firm-day).
      occurred_on: { type: DataTypes.DATEONLY },
      ...stamps(),
    },
    { sequelize, tableName: 'transactions', ...common },
  );

  ChangeRequest.init(
    {
      id: idDef(),
      org_id: orgIdDef(),
      project_id: int(false),
      title: text(false),
      description: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      amount: { ...money(), allowNull: false },
      status: { type: DataTypes.ENUM('pending', 'approved', 'rejected'), allowNull: false, defaultValue: 'pending' },
      created_by: refDef(),
      decided_by: refDef(),
      decided_at: tsDef(),
      sent_at: tsDef(),
      estimate_id: refDef(),
      figures: { type: DataTypes.JSONB },
      applied_at: tsDef(),
      ...stamps(),
    },
    { sequelize, tableName: 'change_requests', ...common },
  );

  Document.init(
    {
      id: idDef(),
      org_id: orgIdDef(),
      project_id: int(false),
      title: text(false),
      kind: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'other' },
      url: text(false),
      mime_type: text(),
      size: int(),
      ...stamps(),
    },
    { sequelize, tableName: 'documents', ...common },
  );

  TelegramUpdate.init(
    {
      id: bigIdDef(),
      org_id: orgIdDef(),
      bot_id: { type: DataTypes.BIGINT, allowNull: false },
      update_id: { type: DataTypes.BIGINT, allowNull: false },
      payload: { type: DataTypes.JSONB, allowNull: false },
      status: { type: DataTypes.ENUM('pending', 'processing', 'done', 'failed'), allowNull: false, defaultValue: 'pending' },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      error: text(),
      lease_until: tsDef(),
      created_at: createdDef(),
      processed_at: tsDef(),
    },
    { sequelize, tableName: 'telegram_updates', ...common, updatedAt: false },
  );

  BotSession.init(
    {
      org_id: { type: DataTypes.INTEGER, primaryKey: true },
      chat_id: { type: DataTypes.BIGINT, primaryKey: true },
      state: jsonb({}),
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      updated_at: createdDef(),
    },
    { sequelize, tableName: 'bot_sessions', ...common, createdAt: false },
  );

  MediaFile.init(
    {
      id: idDef(),
      org_id: orgIdDef(),
      file_unique_id: text(),
      storage_key: text(false),
      mime_type: text(),
      size: int(),
      created_at: createdDef(),
    },
    { sequelize, tableName: 'media_files', ...common, updatedAt: false },
  );

  AiRun.init(
    {
      id: idDef(),
      org_id: orgIdDef(),
      lead_id: refDef(),
      engine: text(false),
      model: text(),
      prompt_tokens: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      completion_tokens: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      cost_usd: { type: DataTypes.DECIMAL(12, 6), allowNull: false, defaultValue: '0' },
      request: { type: DataTypes.JSONB },
      response: { type: DataTypes.JSONB },
      error: text(),
      created_at: createdDef(),
    },
    { sequelize, tableName: 'ai_runs', ...common, updatedAt: false },
  );

  Notification.init(
    {
      id: idDef(),
      org_id: orgIdDef(),
      user_id: refDef(),
      type: text(false),
      title: text(false),
      body: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      payload: jsonb({}),
      read_at: tsDef(),
      created_at: createdDef(),
    },
    { sequelize, tableName: 'notifications', ...common, updatedAt: false },
  );

  Lead.hasMany(ChatMessage, { foreignKey: 'lead_id', as: 'messages' });
  ChatMessage.belongsTo(Lead, { foreignKey: 'lead_id', as: 'lead' });
  Project.hasMany(Stage, { foreignKey: 'project_id', as: 'stages' });
  Stage.belongsTo(Project, { foreignKey: 'project_id', as: 'project' });
  Project.belongsTo(User, { foreignKey: 'client_id', as: 'client' });
  initEstimateModels(sequelize);
  initCatalogueModels(sequelize);
  initChangeOrderModels(sequelize);
  initInboxModels(sequelize);
  initCrmCardModels(sequelize);
}
