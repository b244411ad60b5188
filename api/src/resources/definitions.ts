import {
  LOCALES,
  USER_ROLES,
  type ChatMessageRecord,
  type DailyReportRecord,
  type DocumentRecord,
  type LeadRecord,
  type OrganizationRecord,
  type ProjectRecord,
  type StageRecord,
  type TransactionRecord,
  type UserRecord,
} from '@crm/contracts';
import { z } from 'zod';
import {
  DailyReport,
  Document,
  Lead,
  Organization,
  Project,
  ProjectWorker,
  Stage,
  Transaction,
  User,
  ChatMessage,
  DOCUMENT_KINDS,
  LEAD_STATUSES,
  PROJECT_STATUSES,
  PROPERTY_TYPES,
  STAGE_STATUSES,
  TRANSACTION_STATUSES,
  TRANSACTION_TYPES,
  WORK_TYPES,
  type Model,
} from '@crm/database';
import {
  newPassword,
  passwordNotEmail,
  closedWithinWhere,
  isPhoneCountry,
  isoDate,
  timeZone,
  projectFiguresFor,
  removeLead,
  nonNegative,
  numericColumn,
  positive,
  isSandboxToken,
  exportLeads,
  exportProjects,
  exportTransactions,
  applyOrganizationSettings,
  createUser,
  applyUserChanges,
  removeUser,
  staffNeedsLogin,
  createLeadFromForm,
  applyLeadChanges,
  createProject,
  applyProjectChanges,
  createReportRecord,
  transactionRow,
  applyTransactionChanges,
  createDocument,
  applyDocumentChanges,
  type Actor,
} from '@crm/core';
import { defineResource, plain, type ResourceContext, type ResourceDef } from './resource.js';
import { notifications } from './notifications.js';
import { estimates } from './estimates.js';
import { catalogItems } from './catalog-items.js';
import { changeRequests } from './change-requests.js';
import { chatLabels, quickReplies } from './inbox.js';
import { appointments, measurements } from './appointments.js';
import { tasks } from './tasks.js';
import { notes } from './notes.js';

const STAFF = ['admin', 'manager'] as const;
const text = (max = 2000) => z.string().trim().max(max);
const optionalRef = z.coerce.number().int().positive().nullable().optional();
const staff = { model: User as never, where: { role: ['admin', 'manager'] }, label: 'manager' };
const client = { model: User as never, where: { role: 'client' }, label: 'client' };
const project = { model: Project as never, label: 'project' };
const stage = { model: Stage as never, label: 'stage' };

/** A storage key of the caller's organization; anything else (such as a signed URL sent back) is dropped by core. */
const storageKey = z.string().optional().nullable();
/** The staff member acting, as core's record functions take them. */
const actor = (ctx: ResourceContext): Actor => ({ org_id: ctx.auth.org_id, user_id: ctx.auth.sub });
/** A key that cannot be signed (a malformed one from older data) shows as no file; it never breaks the whole list. */
const signed = async (ctx: ResourceContext, key: string | null | undefined): Promise<string | null> => {
  if (typeof key !== 'string' || !ctx.sign) return key ?? null;
  return ctx.sign(key).catch(() => null);
};

const organizationUpdate = z
  .object({
    name: text(120).min(2),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO code'),
    country: z.string().trim().toUpperCase().refine(isPhoneCountry, 'must be a 2-letter ISO country code such as RU, BY, KZ, GB'),
    timezone: timeZone,
    locale: z.enum(LOCALES),
    bot_token: z
      .string()
      .trim()
      .regex(/^\d{5,}:[\w-]{30,}$/, 'must look like 123456789:AA... from @BotFather')
      .or(z.literal(''))
      .nullable(),
    ai_enabled: z.boolean(),
    ai_instructions: text(4000).nullable(),
    ai_daily_cap_usd: nonNegative(numericColumn(Organization, 'ai_daily_cap_usd')),
    hot_budget_threshold: nonNegative(numericColumn(Organization, 'hot_budget_threshold')).nullable(),
    stale_lead_days: z.coerce.number().int().min(1).max(365),
    report_reminder_hour: z.coerce.number().int().min(0).max(23),
    digest_hour: z.coerce.number().int().min(0).max(23),
    notify_client_on_report: z.boolean(),
    expense_categories: z.array(text(60).min(1)).min(1).max(50),
  })
  .partial();

const organizations = defineResource<Organization, OrganizationRecord<Date>>({
  name: 'organizations',
  model: Organization,
  scope: 'id',
  search: ['name'],
  filters: [],
  sorts: ['name'],
  writeRoles: ['admin'],
  update: organizationUpdate,
  closed: { create: 'Create a new organization through sign-up (/api/auth/register)', remove: 'An organization cannot be deleted here' },
  hooks: {
    update: async (row, values) => applyOrganizationSettings(row, values),
  },
  plainRows: true,
  serialize: async (rows) =>
    rows.map((row) => {
      const { bot_token, webhook_secret, ...rest } = plain(row);
      void webhook_secret;
      return { ...rest, has_bot_token: Boolean(bot_token), bot_sandbox: isSandboxToken(bot_token) };
    }),
});

const userFields = {
  name: text(120).min(1),
  role: z.enum(USER_ROLES),
  email: z.string().trim().toLowerCase().email('must be an email address').nullable().optional(),
  phone: text(40).nullable().optional(),
  password: newPassword.optional(),
  is_active: z.boolean().optional(),
  manager_id: optionalRef,
};

const users = defineResource<User, UserRecord<Date>>({
  name: 'users',
  model: User,
  search: ['name', 'email', 'phone', 'telegram_username'],
  filters: ['role', 'is_active', 'telegram_id', 'manager_id'],
  sorts: ['name', 'role', 'email', 'created_at'],
  defaultSort: { field: 'name', order: 'ASC' },
  writeRoles: ['admin'],
  remove: true,
  references: { manager_id: staff },
  create: z
    .object(userFields)
    .refine(staffNeedsLogin, { message: 'is required for admins and managers', path: ['email'] })
    .refine((v) => !['admin', 'manager'].includes(v.role) || Boolean(v.password), { message: 'is required for admins and managers', path: ['password'] })
    .superRefine(passwordNotEmail),
  update: z.object(userFields).partial(),
  hooks: {
    create: (input, ctx, tx) => createUser(actor(ctx), input, tx),
    update: (row, input, ctx, tx) => applyUserChanges(actor(ctx), row, input, tx),
    remove: (row, ctx, tx) => removeUser(actor(ctx), row, tx),
  },
  plainRows: true,
  serialize: async (rows) =>
    rows.map((row) => {
      const { password_hash, ...rest } = plain(row);
      void password_hash;
      return { ...rest, telegram_linked: row.telegram_id !== null };
    }),
});

const leadFields = {
  name: text(200),
  username: text(100).nullable(),
  phone: text(40).nullable(),
  status: z.enum(LEAD_STATUSES),
  source: text(100).min(1),
  manager_id: optionalRef,
  ai_enabled: z.boolean(),
  ai_summary: text(4000).nullable(),
  work_type: z.enum(WORK_TYPES).nullable(),
  area_m2: positive(numericColumn(Lead, 'area_m2')).nullable(),
  rooms: z.coerce.number().int().min(0).max(100).nullable(),
  budget_amount: nonNegative(numericColumn(Lead, 'budget_amount')).nullable(),
  budget_currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable(),
  timing: text(200).nullable(),
  property_type: z.enum(PROPERTY_TYPES).nullable(),
  address: text(500).nullable(),
  needs_manager: z.boolean(),
  lost_reason: text(500).nullable(),
};

const leads = defineResource<Lead, LeadRecord<Date>>({
  name: 'leads',
  model: Lead,
  search: ['name', 'username', 'phone', 'address', 'ai_summary'],
  searchJoined: true,
  filters: ['status', 'manager_id', 'source', 'work_type', 'ai_enabled', 'needs_manager', 'unreachable', 'client_id'],
  // `position_gte` pages a Kanban column by key: the next page starts after the last card shown.
  ranges: ['created_at', 'last_activity_at', 'status_changed_at', 'budget_amount', 'area_m2', 'hotness', 'position'],
  ruleFilters: { closed_within_days: (days) => closedWithinWhere(days) },
  sorts: ['name', 'status', 'position', 'created_at', 'updated_at', 'last_message_at', 'last_activity_at', 'budget_amount', 'hotness'],
  defaultSort: { field: 'created_at', order: 'DESC' },
  writeRoles: [...STAFF],
  remove: true,
  references: { manager_id: staff },
  export: (org_id, where, order, settings) => exportLeads(org_id, { ...settings, where, order }),
  exportName: { ru: 'lidy', en: 'leads' },
  create: z
    .object(leadFields)
    .partial()
    .extend({ name: text(200).min(1, 'is required') }),
  update: z.object(leadFields).partial(),
  hooks: {
    create: (values, ctx, tx) => createLeadFromForm(ctx.sequelize, actor(ctx), values, tx),
    update: (row, values, ctx, tx) => applyLeadChanges(ctx.sequelize, actor(ctx), row, values, tx),
    remove: (row, ctx, tx) => removeLead(ctx.sequelize, row, tx),
  },
});

const chatMessages = defineResource<ChatMessage, ChatMessageRecord<Date>>({
  name: 'chat-messages',
  model: ChatMessage,
  search: ['content'],
  filters: ['lead_id', 'user_id', 'direction', 'status', 'kind', 'media_group_id'],
  ranges: ['created_at'],
  sorts: ['created_at'],
  writeRoles: [...STAFF],
  closed: { create: 'Send messages through POST /api/chats/:id/messages', update: 'Messages cannot be edited', remove: 'Messages cannot be deleted' },
  plainRows: true,
  serialize: async (rows, ctx) =>
    Promise.all(
      rows.map(async (row) => {
        const media = await Promise.all((row.media ?? []).map(async (m) => ({ ...m, url: m.key ? await signed(ctx, m.key) : null })));
        return { ...plain(row), media, media_url: media[0]?.url ?? null };
      }),
    ),
});

const projectFields = {
  name: text(200).min(1, 'is required'),
  address: text(500),
  status: z.enum(PROJECT_STATUSES),
  client_id: optionalRef,
  manager_id: optionalRef,
  lead_id: optionalRef,
  budget_total: nonNegative(numericColumn(Project, 'budget_total')),
  start_date: isoDate.nullable(),
  end_date: isoDate.nullable(),
  worker_ids: z.array(z.coerce.number().int().positive()).max(100),
};

const projects = defineResource<Project, ProjectRecord<Date>>({
  name: 'projects',
  model: Project,
  search: ['name', 'address'],
  filters: ['status', 'client_id', 'manager_id', 'lead_id'],
  ranges: ['created_at', 'budget_total', 'start_date'],
  sorts: ['name', 'status', 'created_at', 'budget_total', 'budget_spent', 'start_date'],
  writeRoles: [...STAFF],
  remove: true,
  references: { client_id: client, manager_id: staff, lead_id: { model: Lead as never, label: 'lead' } },
  export: (org_id, where, order, settings) => exportProjects(org_id, { ...settings, where, order }),
  exportName: { ru: 'obekty', en: 'projects' },
  create: z.object(projectFields).partial().extend({ name: projectFields.name }),
  update: z.object(projectFields).partial(),
  hooks: {
    create: (values, ctx, tx) => createProject(actor(ctx), values, tx),
    update: (row, values, ctx, tx) => applyProjectChanges(actor(ctx), row, values, tx),
  },
  plainRows: true,
  // Money and progress come from core (projects/summary.ts): the screens display them, never recompute them.
  serialize: async (rows, ctx) => {
    const links = rows.length ? await ProjectWorker.findAll({ where: { project_id: rows.map((r) => r.id) } }) : [];
    const figures = await projectFiguresFor(
      ctx.sequelize,
      ctx.auth.org_id,
      rows.map((r) => r.id),
    );
    return rows.map((row) => {
      const f = figures.get(row.id);
      return {
        ...plain(row),
        worker_ids: links.filter((l) => l.project_id === row.id).map((l) => l.user_id),
        progress_pct: f?.progress_pct ?? 0,
        money: f?.money ?? null,
      };
    });
  },
});

const stageFields = {
  project_id: z.coerce.number().int().positive(),
  name: text(200).min(1, 'is required'),
  status: z.enum(STAGE_STATUSES),
  progress_pct: z.coerce.number().int().min(0, 'must be 0–100').max(100, 'must be 0–100'),
  budget_planned: nonNegative(numericColumn(Stage, 'budget_planned')),
  position: z.coerce.number().int().min(0),
};
const stages = defineResource<Stage, StageRecord<Date>>({
  name: 'stages',
  model: Stage,
  search: ['name'],
  filters: ['project_id', 'status'],
  ranges: ['progress_pct'],
  sorts: ['position', 'name', 'status', 'progress_pct', 'created_at'],
  defaultSort: { field: 'position', order: 'ASC' },
  writeRoles: [...STAFF],
  remove: true,
  references: { project_id: project },
  create: z.object(stageFields).partial().extend({ project_id: stageFields.project_id, name: stageFields.name }),
  update: z.object(stageFields).omit({ project_id: true }).partial(),
});

const reportFields = {
  project_id: z.coerce.number().int().positive(),
  stage_id: optionalRef,
  content: text(8000),
  progress_pct: z.coerce.number().int().min(0).max(100).nullable(),
};
const mediaSerializer = async (rows: DailyReport[], ctx: ResourceContext): Promise<DailyReportRecord<Date>[]> =>
  Promise.all(
    rows.map(async (row) => {
      const media = await Promise.all((row.media_urls ?? []).map(async (m) => ({ ...m, url: m.key ? await signed(ctx, m.key) : null })));
      return { ...plain(row), media_urls: media, voice_url: await signed(ctx, row.voice_url) };
    }),
  );
const dailyReports = defineResource<DailyReport, DailyReportRecord<Date>>({
  name: 'daily-reports',
  model: DailyReport,
  search: ['content'],
  filters: ['project_id', 'stage_id', 'author_id'],
  ranges: ['created_at'],
  sorts: ['created_at', 'project_id'],
  writeRoles: [...STAFF],
  remove: true,
  references: { project_id: project, stage_id: stage },
  create: z.object(reportFields).partial().extend({ project_id: reportFields.project_id }),
  update: z.object(reportFields).omit({ project_id: true }).partial(),
  hooks: {
    create: (values, ctx, tx) => createReportRecord(actor(ctx), values, tx),
  },
  plainRows: true,
  serialize: mediaSerializer,
});

const transactionFields = {
  project_id: z.coerce.number().int().positive(),
  stage_id: optionalRef,
  amount: positive(numericColumn(Transaction, 'amount')),
  type: z.enum(TRANSACTION_TYPES),
  status: z.enum(TRANSACTION_STATUSES),
  category: text(60).min(1),
  description: text(2000),
  occurred_on: isoDate,
  proof_url: storageKey,
};
const transactions = defineResource<Transaction, TransactionRecord<Date>>({
  name: 'transactions',
  model: Transaction,
  search: ['description', 'category'],
  filters: ['project_id', 'stage_id', 'type', 'status', 'category', 'author_id'],
  ranges: ['occurred_on', 'amount', 'created_at'],
  sorts: ['occurred_on', 'amount', 'created_at', 'category', 'type'],
  defaultSort: { field: 'occurred_on', order: 'DESC' },
  writeRoles: [...STAFF],
  remove: true,
  references: { project_id: project, stage_id: stage },
  export: (org_id, where, order, settings) => exportTransactions(org_id, { ...settings, where, order }),
  exportName: { ru: 'dengi', en: 'money' },
  create: z
    .object(transactionFields)
    .partial()
    .extend({ project_id: transactionFields.project_id, amount: transactionFields.amount, type: transactionFields.type }),
  update: z.object(transactionFields).partial(),
  insert: (values, ctx) => transactionRow(actor(ctx), values),
  hooks: {
    update: async (row, values, ctx) => applyTransactionChanges(actor(ctx), row, values),
  },
  plainRows: true,
  serialize: async (rows, ctx) => Promise.all(rows.map(async (row) => ({ ...plain(row), proof_url: await signed(ctx, row.proof_url) }))),
});

const documentFields = {
  project_id: z.coerce.number().int().positive(),
  title: text(300).min(1, 'is required'),
  kind: z.enum(DOCUMENT_KINDS),
  url: z.string().min(1, 'is required: upload the file first (POST /api/uploads)'),
  mime_type: text(200).nullable(),
  size: z.coerce.number().int().min(0).nullable(),
  /** The storage key a GET answers beside the signed url: a record read back is sent with both. */
  key: z.string().optional().nullable(),
};
const documents = defineResource<Document, DocumentRecord<Date>>({
  name: 'documents',
  model: Document,
  search: ['title'],
  filters: ['project_id', 'kind'],
  ranges: ['created_at'],
  sorts: ['created_at', 'title', 'kind'],
  writeRoles: [...STAFF],
  remove: true,
  references: { project_id: project },
  create: z.object(documentFields).partial().extend({ project_id: documentFields.project_id, title: documentFields.title, url: documentFields.url }),
  update: z.object(documentFields).omit({ project_id: true }).partial(),
  hooks: {
    create: (values, ctx, tx) => createDocument(actor(ctx), values, tx),
    update: async (row, values, ctx) => applyDocumentChanges(actor(ctx), row, values),
  },
  plainRows: true,
  serialize: async (rows, ctx) => Promise.all(rows.map(async (row) => ({ ...plain(row), key: row.url, url: await signed(ctx, row.url) }))),
});

export const leadsResource = leads;
export const transactionsResource = transactions;

export const resources: ResourceDef<Model>[] = [
  organizations,
  users,
  leads,
  chatMessages,
  projects,
  stages,
  dailyReports,
  transactions,
  changeRequests,
  documents,
  notifications,
  estimates,
  catalogItems,
  quickReplies,
  chatLabels,
  appointments,
  measurements,
  tasks,
  notes,
];
