import type { Moment } from './wire.js';

/** A task as the server shows it: `due_local` is the organization's wall clock. */
export interface TaskView<Time extends Moment = string> {
  id: number;
  title: string;
  due_at: Time;
  due_local: string;
  done: boolean;
  overdue: boolean;
  lead_id: number | null;
  project_id: number | null;
  assignee_id: number | null;
  lead_name: string | null;
  project_name: string | null;
  assignee_name: string | null;
}

/** GET /api/tasks/mine: a staff member's open tasks on the organization's calendar. */
export interface MyTasks<Time extends Moment = string> {
  time_zone: string;
  today_date: string;
  overdue: TaskView<Time>[];
  today: TaskView<Time>[];
  upcoming: TaskView<Time>[];
}
