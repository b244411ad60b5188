import type { TaskRecord } from '@crm/contracts';
import { Lead, Op, Project, Task, User } from '@crm/database';
import { JOBS, createTask, taskCreateSchema, taskUpdateSchema, taskViews, updateTask } from '@crm/core';
import { defineResource, type ResourceContext } from './resource.js';

const STAFF = ['admin', 'manager'] as const;

/** The reminder is planned at the due time; a moved due time plans a new one (the old finds nothing due). */
async function planReminder(task: Task, ctx: ResourceContext) {
  if (!ctx.queue || task.done_at || task.reminded_at) return;
  await ctx.queue.enqueue(
    JOBS.tasksRemind,
    { task_id: task.id, org_id: task.org_id },
    {
      runAt: task.due_at,
      uniqueKey: `task:${task.id}:${task.due_at.toISOString()}`,
    },
  );
}

/**
 * Tasks on leads and projects: the due time is typed and shown on the organization's wall clock
 * (`due_local`), the assignee is a staff member (the creator by default), `done` ticks it off.
 */
export const tasks = defineResource<Task, TaskRecord<Date>>({
  name: 'tasks',
  model: Task,
  search: ['title'],
  filters: ['lead_id', 'project_id', 'assignee_id', 'created_by'],
  ruleFilters: { done: (value) => (String(value) === 'true' ? { done_at: { [Op.ne]: null } } : { done_at: null }) },
  ranges: ['due_at', 'created_at'],
  sorts: ['due_at', 'created_at', 'title', 'done_at'],
  defaultSort: { field: 'due_at', order: 'ASC' },
  writeRoles: [...STAFF],
  remove: true,
  references: {
    lead_id: { model: Lead as never, label: 'lead' },
    project_id: { model: Project as never, label: 'project' },
    assignee_id: { model: User as never, where: { role: ['admin', 'manager'] }, label: 'manager' },
  },
  create: taskCreateSchema,
  update: taskUpdateSchema,
  hooks: {
    create: (values, ctx, tx) => createTask({ org_id: ctx.auth.org_id, user_id: ctx.auth.sub }, values, tx),
    update: (row, values, ctx, tx) => updateTask({ org_id: ctx.auth.org_id, user_id: ctx.auth.sub }, row, values, tx),
    async afterWrite(row, ctx, tx) {
      // Queued after the commit: a job must never find the task missing or the old due time.
      tx.afterCommit(() =>
        planReminder(row, ctx).catch(() => {
          /* the sweep reminds it */
        }),
      );
    },
  },
  serialize: async (rows, ctx) => taskViews(ctx.auth.org_id, rows),
});
