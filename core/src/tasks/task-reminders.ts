import { Lead, Organization, Project, QueryTypes, Task, User, type Sequelize } from '@crm/database';
import { createNotifications, staffRecipients } from '../notifications/notification.service.js';
import { pickLocale, type TextLocale } from '../reminders/texts.js';
import { resolvePipeline, stageName } from '../leads/pipeline.js';
import { toLocalDateTime } from '../time/zone.js';

export interface TaskReminderSent {
  org_id: number;
  task_id: number;
  notification_ids: number[];
}

/** The reminder's words in the assignee's language, with the lead's stage named as the firm names it. */
export function taskReminderText(
  locale: TextLocale,
  task: { title: string; due_local: string },
  subject: { lead?: { name: string; stage: string } | null; project?: string | null },
): { title: string; body: string } {
  const en = locale === 'en';
  const [date, time] = task.due_local.split('T') as [string, string];
  const [, month, day] = date.split('-');
  const lines = [`${en ? 'Due' : 'Срок'}: ${time}, ${day}.${month}`];
  if (subject.lead) lines.push(`${en ? 'Lead' : 'Лид'}: ${subject.lead.name} · ${subject.lead.stage}`);
  if (subject.project) lines.push(`${en ? 'Project' : 'Объект'}: ${subject.project}`);
  return { title: `⏰ ${en ? 'Task' : 'Задача'}: ${task.title}`, body: lines.join('\n') };
}

/**
 * Claims the reminders of open tasks that are due (one task, or every due one) and writes each as
 * a notification to its assignee (the lead's manager or the staff when it has none), in the same
 * transaction as the claim: a reminder is written once however many workers or ticks run. A task
 * done before its time, or moved later, is not claimed.
 */
export async function claimTaskReminders(sequelize: Sequelize, now: Date, { task_id }: { task_id?: number } = {}): Promise<TaskReminderSent[]> {
  return sequelize.transaction(async (transaction) => {
    const claimed = await sequelize.query<{ id: number }>(
      `UPDATE tasks SET reminded_at = :now
        WHERE id IN (SELECT id FROM tasks
                      WHERE done_at IS NULL AND reminded_at IS NULL AND due_at <= :now ${task_id ? 'AND id = :task_id' : ''}
                      ORDER BY due_at LIMIT 200 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      { replacements: { now, task_id }, type: QueryTypes.SELECT, transaction },
    );
    if (!claimed.length) return [];
    const tasks = await Task.findAll({ where: { id: claimed.map((c) => c.id) }, order: [['due_at', 'ASC']], transaction });
    const sent: TaskReminderSent[] = [];
    for (const task of tasks) {
      const org = await Organization.findByPk(task.org_id, { attributes: ['id', 'locale', 'timezone', 'pipeline'], transaction });
      const lead = task.lead_id ? await Lead.findByPk(task.lead_id, { attributes: ['id', 'name', 'status', 'manager_id'], transaction }) : null;
      const project = task.project_id ? await Project.findByPk(task.project_id, { attributes: ['id', 'name'], transaction }) : null;
      const recipients = task.assignee_id ? [task.assignee_id] : await staffRecipients(sequelize, task.org_id, lead?.manager_id ?? null, transaction);
      const person = task.assignee_id ? await User.findByPk(task.assignee_id, { attributes: ['language_code'], transaction }) : null;
      const locale = pickLocale(org?.locale, person?.language_code);
      const pipeline = resolvePipeline(org?.pipeline, locale);
      const text = taskReminderText(
        locale,
        { title: task.title, due_local: toLocalDateTime(task.due_at, org?.timezone ?? 'UTC') },
        {
          lead: lead ? { name: lead.name || `#${lead.id}`, stage: stageName(pipeline, lead.status, 'one') } : null,
          project: project?.name ?? null,
        },
      );
      const rows = await createNotifications(
        sequelize,
        {
          org_id: task.org_id,
          type: 'task.due',
          ...text,
          recipients,
          payload: { task_id: task.id, lead_id: task.lead_id, project_id: task.project_id },
        },
        transaction,
      );
      sent.push({ org_id: task.org_id, task_id: task.id, notification_ids: rows.map((r) => r.id) });
    }
    return sent;
  });
}
