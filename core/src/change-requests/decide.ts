import { z } from 'zod';
import { CHANGE_REQUEST_DECISIONS } from '@crm/contracts';
import type * as Wire from '@crm/contracts';
import { QueryTypes, type Sequelize } from '@crm/database';
import type { Notification } from '@crm/database';
import { createNotifications } from '../notifications/notification.service.js';
import { sendNotificationsToTelegram, type NotifyDeps } from '../notify/staff-telegram.js';
import { DomainError, notFound } from '../errors.js';
import { id, parseInput } from '../validation.js';
import { applyChangeOrder } from '../change-orders/change-order.service.js';
import type { Decision } from './callback-data.js';

const decisionInput = z.object({
  org_id: id,
  change_request_id: id,
  decision: z.enum(CHANGE_REQUEST_DECISIONS, { message: "must be 'approved' or 'rejected'" }),
  decided_by: id,
  /** When a client decides: the request must belong to one of this client's projects. */
  client_id: id.optional(),
});
export type DecisionInput = z.input<typeof decisionInput>;

export type DecidedChangeRequest = Wire.DecidedChangeRequest<Date>;

interface DecidedRow {
  id: number;
  org_id: number;
  project_id: number;
  title: string;
  description: string;
  amount: string;
  status: Decision;
  decided_by: number;
  decided_at: Date;
  project_name: string;
  manager_id: number | null;
  owner_id: number | null;
  locale: string;
  decider_name: string | null;
}

/**
 * A change request is decided once: the conditional UPDATE only matches a pending row, so of two
 * concurrent decisions exactly one wins and the other is told who decided and when. An approval
 * raises the project's contract budget in the same transaction (and, for a change order built from
 * estimate lines, the affected stages' planned budgets); the manager gets a notification.
 */
export async function decideChangeRequest(sequelize: Sequelize, rawInput: DecisionInput, notify?: NotifyDeps): Promise<DecidedChangeRequest> {
  const input = parseInput(decisionInput, rawInput, 'Invalid decision');
  let notifications: Notification[] = [];
  const decided = await sequelize.transaction(async (transaction) => {
    const rows = await sequelize.query<DecidedRow>(
      `UPDATE change_requests cr
          SET status = :decision, decided_by = :decided_by, decided_at = now(), updated_at = now()
         FROM projects p JOIN organizations o ON o.id = p.org_id
        WHERE cr.id = :id AND cr.org_id = :org_id AND p.id = cr.project_id AND p.org_id = :org_id
          AND (CAST(:client_id AS INTEGER) IS NULL OR p.client_id = :client_id)
          AND cr.status = 'pending'
       RETURNING cr.id, cr.org_id, cr.project_id, cr.title, cr.description, cr.amount, cr.status, cr.decided_by, cr.decided_at,
                 p.name AS project_name, p.manager_id, o.owner_id, o.locale,
                 (SELECT name FROM users WHERE id = :decided_by) AS decider_name`,
      { replacements: { ...input, id: input.change_request_id, client_id: input.client_id ?? null }, type: QueryTypes.SELECT, transaction },
    );
    const row = rows[0];
    if (!row) throw await whyNotDecided(sequelize, input);

    let budgetTotal: string;
    if (row.status === 'approved') {
      // A change order built from estimate lines also moves its stages' planned budgets, once.
      await applyChangeOrder(sequelize, row, transaction);
      const [budget] = await sequelize.query<{ budget_total: string }>(
        `UPDATE projects SET budget_total = budget_total + :amount, updated_at = now()
          WHERE id = :project_id AND org_id = :org_id AND budget_total + :amount >= 0
        RETURNING budget_total`,
        { replacements: { amount: row.amount, project_id: row.project_id, org_id: row.org_id }, type: QueryTypes.SELECT, transaction },
      );
      if (!budget) throw new DomainError('conflict', 'Approving this change request would make the contract budget negative');
      budgetTotal = budget.budget_total;
    } else {
      const [project] = await sequelize.query<{ budget_total: string }>('SELECT budget_total FROM projects WHERE id = :project_id', {
        replacements: { project_id: row.project_id },
        type: QueryTypes.SELECT,
        transaction,
      });
      budgetTotal = project!.budget_total;
    }

    const recipient = row.manager_id ?? row.owner_id;
    const text = notificationText(row);
    // Announced with the transaction: the back office hears of it only if the decision commits.
    notifications = await createNotifications(
      sequelize,
      {
        org_id: row.org_id,
        recipients: [recipient],
        type: `change_request.${row.status}`,
        title: text.title,
        body: text.body,
        payload: {
          change_request_id: row.id,
          project_id: row.project_id,
          decision: row.status,
          amount: row.amount,
          decided_by: row.decided_by,
          budget_total: budgetTotal,
        },
      },
      transaction,
    );

    const { manager_id: _m, owner_id: _o, locale: _l, decider_name: _d, ...plain } = row;
    return { ...plain, budget_total: budgetTotal };
  });
  // After the commit: the manager's copy on their phone when their Telegram is linked.
  if (notify) await sendNotificationsToTelegram(notify, notifications);
  return decided;
}

/** Not found (or not this client's) vs. already decided — the latter names who and when. */
async function whyNotDecided(sequelize: Sequelize, input: z.output<typeof decisionInput>): Promise<DomainError> {
  const [existing] = await sequelize.query<{ status: string; decided_by: number | null; decided_at: Date | null; decider_name: string | null }>(
    `SELECT cr.status, cr.decided_by, cr.decided_at, u.name AS decider_name
       FROM change_requests cr JOIN projects p ON p.id = cr.project_id
       LEFT JOIN users u ON u.id = cr.decided_by
      WHERE cr.id = :id AND cr.org_id = :org_id AND (CAST(:client_id AS INTEGER) IS NULL OR p.client_id = :client_id)`,
    { replacements: { id: input.change_request_id, org_id: input.org_id, client_id: input.client_id ?? null }, type: QueryTypes.SELECT },
  );
  if (!existing) return notFound('Change request');
  const when = existing.decided_at ? new Date(existing.decided_at).toISOString() : 'earlier';
  return new DomainError('conflict', `Change request already decided: ${existing.status} by ${existing.decider_name ?? 'someone'} at ${when}`, {
    reason: 'already_decided',
    status: existing.status,
    decided_by: existing.decided_by,
    decided_by_name: existing.decider_name,
    decided_at: existing.decided_at,
  });
}

function notificationText(row: DecidedRow): { title: string; body: string } {
  const who = row.decider_name ?? (row.locale === 'en' ? 'The client' : 'Клиент');
  if (row.locale === 'en') {
    return {
      title: `${who} ${row.status === 'approved' ? 'approved' : 'declined'} “${row.title}”`,
      body: `Project “${row.project_name}”: change request of ${row.amount}${row.status === 'approved' ? ' added to the contract budget' : ' declined'}.`,
    };
  }
  return {
    title: `${who} ${row.status === 'approved' ? 'одобрил(а)' : 'отклонил(а)'} «${row.title}»`,
    body: `Проект «${row.project_name}»: доп. работы на ${row.amount}${row.status === 'approved' ? ' добавлены в бюджет договора' : ' отклонены'}.`,
  };
}
