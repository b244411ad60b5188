import type { ProjectMoney } from './projects.js';

/** GET /api/dashboard: the manager's morning view. */
export interface DashboardSummary {
  new_leads_week: number;
  leads_by_status: { status: string; count: number; budget: string }[];
  /** Progress and money as core computes them for every screen. */
  active_projects: { id: number; name: string; progress_pct: number; budget_total: string; budget_spent: string; money: ProjectMoney }[];
  money: { planned: string; spent: string };
  pending_change_requests: number;
  chats_waiting: number;
  stale_leads: number;
}
