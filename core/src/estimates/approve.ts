import { z } from 'zod';
import { ESTIMATE_APPROVAL_CHANNELS, Estimate, Op, Organization, User, type Notification, type Sequelize, type SqlTransaction } from '@crm/database';
import { DomainError, notFound } from '../errors.js';
import { publishEvent } from '../events/publish.js';
import { changeLeadStatus } from '../leads/lead.service.js';
import { createNotifications } from '../notifications/notification.service.js';
import { sendNotificationsToTelegram, type NotifyDeps } from '../notify/staff-telegram.js';
import { id, parseInput } from '../validation.js';
import { formatDocumentMoney } from '../documents/format.js';
import { pickLocale } from '../reminders/texts.js';
import { estimateRecipient, isClientsEstimate } from './estimate-client.js';
import { lockEstimateChains } from './estimate.service.js';
import { fillProjectFromEstimate } from './project-from-estimate.js';

const approveEstimateInput = z.object({
  org_id: id,
  estimate_id: id,
  via: z.enum(ESTIMATE_APPROVAL_CHANNELS, { message: `must be one of ${ESTIMATE_APPROVAL_CHANNELS.join(', ')}` }),
  /** The person approving: a staff member in the back office, the client in Telegram or the Mini App. */
  approved_by: id.nullable().optional(),
  approved_by_telegram_id: z.coerce.number().int().nullable().optional(),
  /** When a client approves: the estimate must be one they were sent. */
  client_id: id.optional(),
});
export type ApproveEstimateInput = z.input<typeof approveEstimateInput>;

export interface ApprovedEstimate {
  estimate: Estimate;
  project_id: number;
  /** False when it was approved already: a second approval changes nothing and answers the same. */
  changed: boolean;
  approved_by_name: string | null;
}

/** Lead columns an approval moves on to "contract" (a won lead stays won). */
const BEFORE_CONTRACT = new Set(['new', 'qualified', 'measurement', 'estimate', 'lost']);

/**
 * Approves the latest sent version of an estimate, from any channel, once. Idempotent: approving
 * an approved estimate answers it unchanged. An older version (a newer one was sent) or a draft is
 * refused with a clear conflict. In one transaction: the estimate records who, when and through
 * which channel; every other sent version of the same lead or project is superseded; the project is
 * created or filled from it (project-from-estimate.ts); the lead moves to "contract"; the manager
 * is notified (live in the back office, and in Telegram after the commit).
 */
export async function approveEstimate(sequelize: Sequelize, rawInput: ApproveEstimateInput, notify?: NotifyDeps): Promise<ApprovedEstimate> {
  const input = parseInput(approveEstimateInput, rawInput, 'Invalid approval');
  let notifications: Notification[] = [];
  const result = await sequelize.transaction(async (transaction) => {
    await lockEstimateChains(sequelize, input.org_id, transaction);
    const estimate = await Estimate.findOne({ where: { id: input.estimate_id, org_id: input.org_id }, transaction, lock: transaction.LOCK.UPDATE });
    if (!estimate) throw notFound('Estimate');
    if (input.client_id && !(await isClientsEstimate(estimate, input.client_id, transaction))) throw notFound('Estimate');
    if (estimate.status === 'approved') {
      return { estimate, project_id: estimate.project_id!, changed: false, approved_by_name: await nameOf(estimate.approved_by, transaction) };
    }
    if (estimate.status === 'draft') {
      throw new DomainError('conflict', 'This estimate is a draft: send it to the client before it can be approved', {
        reason: 'not_sent',
        fields: { status: { code: 'not_sent', message: 'is a draft, not sent to the client' } },
      });
    }
    const chain = estimate.lead_id ? { lead_id: estimate.lead_id } : { project_id: estimate.project_id };
    const latest = await Estimate.findOne({
      where: { org_id: input.org_id, ...chain, status: { [Op.in]: ['sent', 'approved'] } },
      order: [['version', 'DESC']],
      transaction,
    });
    if (estimate.status === 'superseded' || (latest && latest.version > estimate.version)) {
      throw new DomainError(
        'conflict',
        `Version ${estimate.version} is out of date: version ${latest?.version ?? '?'} was sent after it; approve the latest version`,
        {
          reason: 'outdated',
          latest_id: latest?.id ?? null,
          latest_version: latest?.version ?? null,
          fields: { estimate_id: { code: 'outdated', message: `is version ${estimate.version}; the latest sent is version ${latest?.version ?? '?'}` } },
        },
      );
    }
    await estimate.update(
      {
        status: 'approved',
        approved_at: new Date(),
        approved_via: input.via,
        approved_by: input.approved_by ?? null,
        approved_by_telegram_id: input.approved_by_telegram_id ?? null,
      },
      { transaction },
    );
    await Estimate.update(
      { status: 'superseded' },
      {
        where: { org_id: input.org_id, ...chain, id: { [Op.ne]: estimate.id }, status: { [Op.in]: ['sent', 'approved'] } },
        transaction,
      },
    );
    const who = await estimateRecipient(estimate, transaction);
    const { project, created } = await fillProjectFromEstimate(sequelize, estimate, { lead: who.lead, client: who.client }, transaction);
    if (who.lead && BEFORE_CONTRACT.has(who.lead.status)) {
      await changeLeadStatus(sequelize, who.lead, 'contract', transaction);
      await who.lead.save({ transaction });
    }
    if (who.lead) await publishEvent(transaction, { org_id: input.org_id, type: 'lead.updated', data: { id: who.lead.id, lead_id: who.lead.id } });
    const approvedByName = await nameOf(estimate.approved_by, transaction);
    notifications = await notifyManager(
      sequelize,
      { estimate, project_id: project.id, created, manager_id: who.lead?.manager_id ?? project.manager_id, approvedByName, by: input.approved_by ?? null },
      transaction,
    );
    return { estimate, project_id: project.id, changed: true, approved_by_name: approvedByName };
  });
  if (notify && notifications.length) await sendNotificationsToTelegram(notify, notifications);
  return result;
}

async function nameOf(userId: number | null | undefined, transaction: SqlTransaction): Promise<string | null> {
  if (!userId) return null;
  return (await User.findByPk(userId, { attributes: ['name'], transaction }))?.name ?? null;
}

async function notifyManager(
  sequelize: Sequelize,
  facts: { estimate: Estimate; project_id: number; created: boolean; manager_id: number | null; approvedByName: string | null; by: number | null },
  transaction: SqlTransaction,
): Promise<Notification[]> {
  const org = (await Organization.findByPk(facts.estimate.org_id, { attributes: ['id', 'locale', 'owner_id'], transaction }))!;
  const recipient = facts.manager_id ?? org.owner_id;
  // Whoever approved it in the back office needs no notice of their own click.
  if (recipient === null || recipient === facts.by) return [];
  const locale = pickLocale(org.locale);
  const { estimate } = facts;
  const total = formatDocumentMoney(estimate.total, estimate.currency, locale);
  const who = facts.approvedByName ?? (locale === 'en' ? 'The client' : 'Клиент');
  const title =
    locale === 'en'
      ? `${who} approved the estimate “${estimate.title || `#${estimate.id}`}” v${estimate.version}`
      : `${who} одобрил(а) смету «${estimate.title || `№${estimate.id}`}», версия ${estimate.version}`;
  const body =
    locale === 'en'
      ? `${total}. ${facts.created ? 'A project was created' : 'The project was filled'} with its stages and planned amounts.`
      : `${total}. ${facts.created ? 'Создан проект' : 'Проект заполнен'}: этапы и плановые суммы из сметы.`;
  return createNotifications(
    sequelize,
    {
      org_id: estimate.org_id,
      recipients: [recipient],
      type: 'estimate.approved',
      title,
      body,
      payload: { estimate_id: estimate.id, project_id: facts.project_id, version: estimate.version, via: estimate.approved_via },
    },
    transaction,
  );
}
