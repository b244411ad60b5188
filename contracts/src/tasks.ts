import type { Moment } from './wire.js';

/** A task as the server shows it: `due_local` is the organization's wall clock. */
interface TaskView<Time extends Moment = string> {
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

/** GET/POST/PUT /api/tasks: a task as shown, with every column of its row (a record the back office can send back). */
export interface TaskRecord<Time extends Moment = string> extends TaskView<Time> {
  org_id: number;
  created_by: number | null;
  done_at: Time | null;
  done_by: number | null;
  /** When the due reminder was claimed for sending; cleared when the due time changes. */
  reminded_at: Time | null;
  created_at: Time;
  updated_at: Time;
}

/** GET /api/tasks/mine: a staff member's open tasks on the organization's calendar. */
export interface MyTasks<Time extends Moment = string> {
  time_zone: string;
  today_date: string;
  overdue: TaskRecord<Time>[];
  today: TaskRecord<Time>[];
  upcoming: TaskRecord<Time>[];
}
