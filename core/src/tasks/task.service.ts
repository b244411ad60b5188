import type * as Wire from '@crm/contracts';
import { Lead, Project, Task, User, type SqlTransaction } from '@crm/database';
import { invalid } from '../errors.js';
import { parseInput } from '../validation.js';
import { fromLocalDateTime, toLocalDate, toLocalDateTime } from '../time/zone.js';
import { organizationZone } from '../organizations/organization-zone.js';
import { taskCreateSchema, taskUpdateSchema } from './task.schema.js';

export interface TaskScope {
  org_id: number;
  /** The staff member acting. */
  user_id: number;
}

/** The due moment from what was sent: a local wall-clock time read in the organization's zone, or an exact one. */
function dueFrom(input: { due_local?: string; due_at?: string }, timeZone: string): Date | undefined {
  if (input.due_local !== undefined) {
    const at = fromLocalDateTime(input.due_local, timeZone);
    if (!at) throw invalid({ due_local: 'must be a real local date and time YYYY-MM-DDTHH:mm' }, 'Invalid task');
    return at;
  }
  return input.due_at !== undefined ? new Date(input.due_at) : undefined;
}

async function checkRefs(
  scope: TaskScope,
  v: { lead_id?: number | null; project_id?: number | null; assignee_id?: number | null },
  transaction: SqlTransaction,
) {
  if (v.lead_id && !(await Lead.count({ where: { id: v.lead_id, org_id: scope.org_id }, transaction })))
    throw invalid({ lead_id: 'unknown lead' }, 'lead_id does not point to a lead of your organization');
  if (v.project_id && !(await Project.count({ where: { id: v.project_id, org_id: scope.org_id }, transaction })))
    throw invalid({ project_id: 'unknown project' }, 'project_id does not point to a project of your organization');
  if (v.assignee_id && !(await User.count({ where: { id: v.assignee_id, org_id: scope.org_id, role: ['admin', 'manager'], is_active: true }, transaction }))) {
    throw invalid({ assignee_id: 'unknown manager' }, 'assignee_id does not point to an active manager of your organization');
  }
}

/** A new task; its assignee is the creator unless another staff member is named. */
export async function createTask(scope: TaskScope, input: unknown, transaction: SqlTransaction): Promise<Task> {
  const v = parseInput(taskCreateSchema, input, 'Invalid task');
  await checkRefs(scope, v, transaction);
  const due_at = dueFrom(v, (await organizationZone(scope.org_id, transaction)).timezone)!;
  return Task.create(
    {
      org_id: scope.org_id,
      lead_id: v.lead_id ?? null,
      project_id: v.project_id ?? null,
      title: v.title,
      due_at,
      assignee_id: v.assignee_id === undefined ? scope.user_id : v.assignee_id,
      created_by: scope.user_id,
      done_at: v.done ? new Date() : null,
      done_by: v.done ? scope.user_id : null,
    },
    { transaction },
  );
}

/**
 * Changes a task. A new due time re-plans its reminder (a reminder already sent for the old time
 * does not count for the new one); done and undone record who and when.
 */
export async function updateTask(scope: TaskScope, task: Task, input: unknown, transaction: SqlTransaction): Promise<void> {
  const v = parseInput(taskUpdateSchema, input, 'Invalid task');
  await checkRefs(scope, v, transaction);
  if (v.title !== undefined) task.title = v.title;
  if (v.lead_id !== undefined) task.lead_id = v.lead_id;
  if (v.project_id !== undefined) task.project_id = v.project_id;
  if (v.assignee_id !== undefined) task.assignee_id = v.assignee_id;
  // A record sent back unchanged carries both; the wall-clock time is what people edit.
  const due = dueFrom(v, (await organizationZone(scope.org_id, transaction)).timezone);
  if (due && due.getTime() !== task.due_at.getTime()) task.set({ due_at: due, reminded_at: null });
  if (v.done === true && !task.done_at) task.set({ done_at: new Date(), done_by: scope.user_id });
  if (v.done === false && task.done_at) task.set({ done_at: null, done_by: null });
}

/** The wire shape (contracts): every column of the task with the shown fields, a record the back office can send back. */
export type TaskView = Wire.TaskRecord<Date>;

/** Tasks as the screens show them: the due time on the organization's wall clock, and the names they point to. */
export async function taskViews(orgId: number, rows: Task[], now = new Date()): Promise<TaskView[]> {
  if (!rows.length) return [];
  const zone = (await organizationZone(orgId)).timezone;
  const ids = (key: 'lead_id' | 'project_id' | 'assignee_id') => [...new Set(rows.map((r) => r[key]).filter((id): id is number => id !== null))];
  const [leads, projects, users] = await Promise.all([
    Lead.findAll({ where: { id: ids('lead_id'), org_id: orgId }, attributes: ['id', 'name'] }),
    Project.findAll({ where: { id: ids('project_id'), org_id: orgId }, attributes: ['id', 'name'] }),
    User.findAll({ where: { id: ids('assignee_id'), org_id: orgId }, attributes: ['id', 'name'] }),
  ]);
  const nameOf = (list: { id: number; name: string }[], id: number | null) => list.find((x) => x.id === id)?.name ?? null;
  return rows.map((row) => ({
    ...row.get({ plain: true }),
    id: row.id,
    title: row.title,
    due_at: row.due_at,
    lead_id: row.lead_id,
    project_id: row.project_id,
    assignee_id: row.assignee_id,
    due_local: toLocalDateTime(row.due_at, zone),
    done: row.done_at !== null,
    overdue: row.done_at === null && row.due_at.getTime() < now.getTime(),
    lead_name: nameOf(leads, row.lead_id),
    project_name: nameOf(projects, row.project_id),
    assignee_name: nameOf(users, row.assignee_id),
  }));
}

export type MyTasks = Wire.MyTasks<Date>;

/**
 * A staff member's open tasks grouped on the organization's calendar: overdue (due before now),
 * today (the rest of the local day) and upcoming (later; the nearest 100).
 */
export async function myTasks(scope: TaskScope, now = new Date()): Promise<MyTasks> {
  const zone = (await organizationZone(scope.org_id)).timezone;
  const open = await Task.findAll({
    where: { org_id: scope.org_id, assignee_id: scope.user_id, done_at: null },
    order: [
      ['due_at', 'ASC'],
      ['id', 'ASC'],
    ],
    limit: 300,
  });
  const views = await taskViews(scope.org_id, open, now);
  const today = toLocalDate(now, zone);
  return {
    time_zone: zone,
    today_date: today,
    overdue: views.filter((t) => t.overdue),
    today: views.filter((t) => !t.overdue && t.due_local.slice(0, 10) === today),
    upcoming: views.filter((t) => !t.overdue && t.due_local.slice(0, 10) > today).slice(0, 100),
  };
}
