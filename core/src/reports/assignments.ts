import { ChatMessage, Lead, Organization, QueryTypes, User, type Sequelize, type SqlTransaction } from '@crm/database';
import { DomainError } from '../errors.js';
import { normalizePhone } from '../phone.js';
import { removeLead } from '../leads/lead.service.js';

/** Projects a worker may report on: assigned in `project_workers`, still active or planned. */
export const OPEN_PROJECT_STATUSES = ['planning', 'active', 'paused'] as const;

export interface AssignedStage {
  id: number;
  name: string;
  status: string;
  progress_pct: number;
}

export interface AssignedProject {
  id: number;
  name: string;
  address: string;
  status: string;
  stages: AssignedStage[];
}

interface Scope {
  org_id: number;
  user_id: number;
}

export async function listAssignedProjects(sequelize: Sequelize, { org_id, user_id }: Scope, transaction?: SqlTransaction): Promise<AssignedProject[]> {
  const projects = await sequelize.query<Omit<AssignedProject, 'stages'>>(
    `SELECT p.id, p.name, p.address, p.status::text AS status
       FROM project_workers pw JOIN projects p ON p.id = pw.project_id AND p.org_id = pw.org_id
      WHERE pw.org_id = :org_id AND pw.user_id = :user_id AND p.status::text IN (:statuses)
      ORDER BY p.name, p.id`,
    { replacements: { org_id, user_id, statuses: OPEN_PROJECT_STATUSES }, type: QueryTypes.SELECT, transaction });
  if (!projects.length) return [];
  const stages = await sequelize.query<AssignedStage & { project_id: number }>(
    `SELECT id, project_id, name, status::text AS status, progress_pct FROM stages
      WHERE org_id = :org_id AND project_id IN (:ids) ORDER BY position, id`,
    { replacements: { org_id, ids: projects.map((p) => p.id) }, type: QueryTypes.SELECT, transaction });
  return projects.map((p) => ({
    ...p,
    stages: stages.filter((s) => s.project_id === p.id).map(({ project_id: _, ...s }) => s),
  }));
}

/**
 * Refuses (forbidden) a project the worker is not assigned to, whatever the bot button claimed, and
 * (not_found) a stage that is not part of that project. Returns the project's name and stage's name.
 */
export async function assertAssignment(
  sequelize: Sequelize,
  { org_id, user_id, project_id, stage_id }: Scope & { project_id: number; stage_id?: number | null },
  transaction?: SqlTransaction,
): Promise<{ project_name: string; stage_name: string | null; manager_id: number | null; client_id: number | null }> {
  const [row] = await sequelize.query<{ name: string; manager_id: number | null; client_id: number | null }>(
    `SELECT p.name, p.manager_id, p.client_id FROM project_workers pw JOIN projects p ON p.id = pw.project_id AND p.org_id = pw.org_id
      WHERE pw.org_id = :org_id AND pw.user_id = :user_id AND pw.project_id = :project_id AND p.status::text IN (:statuses)`,
    { replacements: { org_id, user_id, project_id, statuses: OPEN_PROJECT_STATUSES }, type: QueryTypes.SELECT, transaction });
  if (!row) throw new DomainError('forbidden', 'The worker is not assigned to this project', { fields: { project_id: 'is not one of your projects' } });
  if (stage_id == null) return { project_name: row.name, stage_name: null, manager_id: row.manager_id, client_id: row.client_id };
  const [stage] = await sequelize.query<{ name: string }>(
    'SELECT name FROM stages WHERE org_id = :org_id AND project_id = :project_id AND id = :stage_id',
    { replacements: { org_id, project_id, stage_id }, type: QueryTypes.SELECT, transaction });
  if (!stage) throw new DomainError('not_found', 'Stage not found in this project', { fields: { stage_id: 'is not a stage of this project' } });
  return { project_name: row.name, stage_name: stage.name, manager_id: row.manager_id, client_id: row.client_id };
}

export interface TelegramIdentity {
  telegram_id: number;
  username?: string | null;
  language_code?: string | null;
}

/** The active worker of this organization linked to a Telegram account, if any. */
export async function findWorkerByTelegram(sequelize: Sequelize, org_id: number, telegram_id: number): Promise<User | null> {
  return User.findOne({ where: { org_id, telegram_id, role: 'worker', is_active: true } });
}

/**
 * Links a Telegram account to the worker invited with this phone. Only a worker of this
 * organization matches; no match (or a number already linked to another account) → null.
 */
export async function linkWorkerByPhone(sequelize: Sequelize, org_id: number, phoneInput: string, identity: TelegramIdentity): Promise<User | null> {
  const org = await Organization.findByPk(org_id, { attributes: ['country'] });
  const phone = normalizePhone(phoneInput, org?.country);
  if (!phone) return null;
  return sequelize.transaction(async (transaction) => {
    const worker = await User.findOne({ where: { org_id, phone, role: 'worker', is_active: true }, transaction, lock: transaction.LOCK.UPDATE });
    if (!worker) return null;
    if (worker.telegram_id && worker.telegram_id !== identity.telegram_id) return null;
    const holder = await User.findOne({ where: { org_id, telegram_id: identity.telegram_id }, transaction });
    // A client or manager keeps their own link; a stale worker record (re-invited) gives it up.
    if (holder && holder.id !== worker.id) {
      if (holder.role !== 'worker') return null;
      await holder.update({ telegram_id: null }, { transaction });
    }
    await worker.update({
      telegram_id: identity.telegram_id,
      telegram_username: identity.username ?? null,
      language_code: identity.language_code ?? worker.language_code,
    }, { transaction });
    return worker;
  });
}

/**
 * The lead opened by a plain Start that has seen nothing but the sign-in exchange (new, unassigned,
 * nothing in it but /start commands and shared contacts) — or null when the person is a real lead.
 */
export async function signInOnlyLead(sequelize: Sequelize, org_id: number, telegram_id: number, transaction?: SqlTransaction): Promise<Lead | null> {
  const lead = await Lead.findOne({ where: { org_id, telegram_id }, transaction, lock: transaction ? transaction.LOCK.UPDATE : undefined });
  if (!lead || lead.status !== 'new' || lead.manager_id || lead.client_id) return null;
  const [{ other }] = await sequelize.query<{ other: number }>(
    `SELECT count(*)::int AS other FROM chat_messages
     WHERE org_id = :org_id AND lead_id = :lead_id
       AND NOT (direction = 'inbound' AND (kind = 'contact' OR content LIKE '/start%'))`,
    { replacements: { org_id, lead_id: lead.id }, type: QueryTypes.SELECT, transaction });
  return other === 0 ? lead : null;
}

/**
 * A worker who pressed Start before signing in got a lead conversation for it; its messages move to
 * the worker's own thread and the lead is removed, so the Kanban shows only prospective clients.
 */
export async function absorbSignInLead(sequelize: Sequelize, org_id: number, telegram_id: number, user_id: number): Promise<boolean> {
  return sequelize.transaction(async (transaction) => {
    const lead = await signInOnlyLead(sequelize, org_id, telegram_id, transaction);
    if (!lead) return false;
    await ChatMessage.update({ lead_id: null, user_id }, { where: { org_id, lead_id: lead.id }, transaction });
    await removeLead(sequelize, lead, transaction);
    return true;
  });
}
