import type { Locale, MediaType, StageStatus } from './enums.js';
import type { DocumentRecord } from './documents.js';
import type { ClientEstimateSummary, ClientEstimateView } from './estimates.js';
import type { PlanFact, ProjectMoney, ProjectRecord } from './projects.js';
import type { Moment } from './wire.js';

/** The organization as the Mini App knows it. */
interface MiniAppOrganization {
  id: number;
  name: string;
  currency: string;
  locale: Locale;
  timezone: string;
}

/** Who opened the Mini App (from validated Telegram init data). */
export interface MiniAppIdentity {
  user: { id: number; name: string; telegram_id: number; language_code: string | null };
  organization: MiniAppOrganization;
}

/** POST /api/miniapp/session body. */
export interface MiniAppSessionRequest {
  init_data: string;
  org_id: number;
}

/** A client's project in the list (GET /api/miniapp/projects): part of its record, figures as core computes them. */
export interface ClientProjectSummary extends Pick<ProjectRecord, 'id' | 'name' | 'address' | 'status' | 'progress_pct' | 'budget_total'> {
  pending_change_requests: number;
}

interface ClientStage {
  id: number;
  name: string;
  status: StageStatus;
  progress_pct: number;
  budget_planned: string;
}

/** GET /api/miniapp/projects/:id: the project's progress, stages, money and plan against fact. */
export interface ClientProjectDashboard extends ClientProjectSummary, Pick<ProjectRecord, 'start_date' | 'end_date'> {
  stages: ClientStage[];
  money: ProjectMoney;
  plan_fact: PlanFact;
}

/**
 * POST /api/miniapp/session: a client token, and the first screen riding along (the project list,
 * the dashboard when there is one project, the estimates sent to the client).
 */
export interface MiniAppSession<Time extends Moment = string> extends MiniAppIdentity {
  token: string;
  projects: ClientProjectSummary[];
  dashboard: ClientProjectDashboard | null;
  estimates: ClientEstimateSummary<Time>[];
}

/** An attachment of a daily report, with a short-lived signed URL. */
export interface FeedMedia {
  type: MediaType;
  url: string;
  mime_type: string | null;
  width: number | null;
  height: number | null;
  duration: number | null;
}

/** GET /api/miniapp/projects/:id/reports: daily reports, newest first. */
export interface FeedReport<Time extends Moment = string> {
  id: number;
  created_at: Time;
  content: string;
  progress_pct: number | null;
  stage_name: string | null;
  author_name: string | null;
  media: FeedMedia[];
}

/** GET /api/miniapp/projects/:id/documents: contract, estimates, acts…, with signed links (part of a document's record). */
export interface ClientDocument<Time extends Moment = string> extends Pick<
  DocumentRecord<Time>,
  'id' | 'title' | 'kind' | 'mime_type' | 'size' | 'created_at' | 'url'
> {
  /** Where it comes from: an uploaded document, or the PDF of an estimate sent to the client (`id` is then the estimate's). */
  source: 'document' | 'estimate';
}

/** POST /api/miniapp/estimates/:id/approve. */
export type ClientEstimateApproval<Time extends Moment = string> = ClientEstimateView<Time> & { changed: boolean; project_id: number };
