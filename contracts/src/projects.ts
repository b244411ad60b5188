import type { MediaType, ProjectStatus, StageStatus, TransactionStatus, TransactionType } from './enums.js';
import type { Moment } from './wire.js';

/**
 * A project's money as core computes it for every screen (exact NUMERIC strings); screens only display it.
 * `contract_total` includes approved change orders; `contract_base` is the contract as signed;
 * `paid` is confirmed income, `spent` confirmed expenses; `left` = total − spent, `to_pay` = total − paid.
 */
export interface ProjectMoney {
  currency: string;
  contract_base: string;
  change_orders_approved: string;
  change_orders_pending: string;
  contract_total: string;
  stages_planned: string;
  paid: string;
  spent: string;
  left: string;
  to_pay: string;
}

/** A stage's plan against fact: `variance` = planned − fact (negative: over plan). */
export interface StagePlanFact {
  id: number;
  name: string;
  status: string;
  progress_pct: number;
  planned: string;
  fact: string;
  variance: string;
}

/** Plan against fact per stage and in total; confirmed expenses with no stage are `unassigned`. */
export interface PlanFact {
  stages: StagePlanFact[];
  totals: { planned: string; fact: string; variance: string; unassigned: string };
}

/** A project's figures, computed once in core (progress 0–100 weighted by the stages' planned budgets). */
export interface ProjectFigures {
  project_id: number;
  progress_pct: number;
  stages_count: number;
  pending_change_requests: number;
  money: ProjectMoney;
}

/** GET /api/projects/:id/summary. */
export type ProjectSummaryFigures = ProjectFigures & { plan_fact: PlanFact };

/**
 * GET/POST/PUT/DELETE /api/projects: a project's own columns, its workers, and its progress and money
 * as core computes them (projects/summary.ts); the screens display these figures, never recompute them.
 */
export interface ProjectRecord<Time extends Moment = string> {
  id: number;
  org_id: number;
  client_id: number | null;
  lead_id: number | null;
  manager_id: number | null;
  name: string;
  address: string;
  status: ProjectStatus;
  /** The contract as signed (exact NUMERIC string). */
  budget_total: string;
  /** Confirmed expenses, kept by the database (exact NUMERIC string). */
  budget_spent: string;
  /** Calendar dates (`YYYY-MM-DD`). */
  start_date: string | null;
  end_date: string | null;
  created_at: Time;
  updated_at: Time;
  /** The workers assigned to the project (user ids). */
  worker_ids: number[];
  /** 0–100, weighted by the stages' planned budgets. */
  progress_pct: number;
  money: ProjectMoney | null;
}

/** GET /api/stages: a stage of a project, in `position` order. */
export interface StageRecord<Time extends Moment = string> {
  id: number;
  org_id: number;
  project_id: number;
  name: string;
  status: StageStatus;
  progress_pct: number;
  budget_planned: string;
  position: number;
  /** The estimate section the stage was made from, if any. */
  estimate_section_id: number | null;
  created_at: Time;
  updated_at: Time;
}

/** What is known of an attached file, wherever it is kept or shown. */
interface MediaFileFacts {
  type: MediaType;
  file_name?: string | null;
  mime_type?: string | null;
  size?: number | null;
  duration?: number | null;
  width?: number | null;
  height?: number | null;
  /** Why the file was not copied into storage (`storage_quota`: the organization's storage was full); the message is kept. */
  not_saved?: 'storage_quota' | null;
}

/** One stored attachment of a chat message or report: a storage key, never a public URL, and Telegram's file ids. */
export interface StoredMedia extends MediaFileFacts {
  key?: string | null;
  file_id?: string;
  file_unique_id?: string;
}

/** A stored attachment as a record answers it: its columns and a short-lived signed URL (null while it is being copied). */
export interface StoredMediaView extends StoredMedia {
  url: string | null;
}

/** An attachment of a daily report as the back office reads it, with a short-lived signed URL (null while it is being copied). */
export interface ReportMediaView extends MediaFileFacts {
  url: string | null;
}

/** GET /api/daily-reports: a worker's report on a project. */
export interface DailyReportRecord<Time extends Moment = string> {
  id: number;
  org_id: number;
  project_id: number;
  stage_id: number | null;
  author_id: number | null;
  content: string;
  media_urls: ReportMediaView[];
  /** A signed link to the voice note, if any. */
  voice_url: string | null;
  progress_pct: number | null;
  created_at: Time;
  updated_at: Time;
}

/** GET/POST/PUT/DELETE /api/transactions: an expense or a payment of a project. */
export interface TransactionRecord<Time extends Moment = string> {
  id: number;
  org_id: number;
  project_id: number;
  stage_id: number | null;
  author_id: number | null;
  /** Exact NUMERIC string, always positive: `type` says which way the money went. */
  amount: string;
  type: TransactionType;
  status: TransactionStatus;
  category: string;
  description: string;
  /** A short-lived signed link to the receipt, if any (a write takes the storage key from POST /api/uploads). */
  proof_url: string | null;
  /** A calendar date (`YYYY-MM-DD`). */
  occurred_on: string;
  created_at: Time;
  updated_at: Time;
}

/** GET /api/transactions/totals: confirmed money records under the list's filter, summed by the server (exact strings). */
export interface TransactionTotals {
  /** Confirmed records matching the filter. */
  count: number;
  expenses: string;
  income: string;
  /** income − expenses */
  balance: string;
}
