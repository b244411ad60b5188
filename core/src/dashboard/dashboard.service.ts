import { QueryTypes, type Sequelize } from '@crm/database';
import { projectFiguresFor, type ProjectMoney } from '../projects/summary.js';

export interface DashboardSummary {
  new_leads_week: number;
  leads_by_status: { status: string; count: number; budget: string }[];
  /** Progress and money as projects/summary.ts computes them for every screen. */
  active_projects: { id: number; name: string; progress_pct: number; budget_total: string; budget_spent: string; money: ProjectMoney }[];
  money: { planned: string; spent: string };
  pending_change_requests: number;
  chats_waiting: number;
  stale_leads: number;
}

/** The manager's morning view, in a handful of aggregate queries (money summed in SQL, exactly). */
export async function dashboardSummary(sequelize: Sequelize, orgId: number): Promise<DashboardSummary> {
  const q = <T extends object>(sql: string) => sequelize.query<T>(sql, { replacements: { orgId }, type: QueryTypes.SELECT });
  const [counts] = await q<{ new_leads_week: number; pending_change_requests: number; chats_waiting: number; stale_leads: number }>(`
    SELECT
      (SELECT count(*)::int FROM leads WHERE org_id = :orgId AND created_at >= now() - interval '7 days') AS new_leads_week,
      (SELECT count(*)::int FROM change_requests WHERE org_id = :orgId AND status = 'pending') AS pending_change_requests,
      (SELECT count(*)::int FROM leads WHERE org_id = :orgId AND unread_count > 0) AS chats_waiting,
      (SELECT count(*)::int FROM leads l JOIN organizations o ON o.id = l.org_id
        WHERE l.org_id = :orgId AND l.status NOT IN ('won', 'lost')
          AND l.last_activity_at < now() - make_interval(days => o.stale_lead_days)) AS stale_leads`);
  const byStatus = await q<{ status: string; count: number; budget: string }>(`
    SELECT s.status, count(l.id)::int AS count, COALESCE(SUM(l.budget_amount), 0)::text AS budget
    FROM unnest(enum_range(NULL::lead_status)) AS s(status)
    LEFT JOIN leads l ON l.org_id = :orgId AND l.status = s.status
    GROUP BY s.status ORDER BY array_position(enum_range(NULL::lead_status), s.status)`);
  const rows = await q<{ id: number; name: string; budget_total: string; budget_spent: string }>(`
    SELECT p.id, p.name, p.budget_total::text, p.budget_spent::text
    FROM projects p
    WHERE p.org_id = :orgId AND p.status = 'active'
    ORDER BY p.created_at DESC LIMIT 20`);
  const figures = await projectFiguresFor(sequelize, orgId, rows.map((p) => p.id));
  const projects = rows.map((p) => {
    const f = figures.get(p.id)!;
    return { ...p, progress_pct: f.progress_pct, money: f.money };
  });
  const [money] = await q<{ planned: string; spent: string }>(`
    SELECT COALESCE(SUM(budget_total), 0)::text AS planned, COALESCE(SUM(budget_spent), 0)::text AS spent
    FROM projects WHERE org_id = :orgId AND status = 'active'`);
  return { ...counts, leads_by_status: byStatus, active_projects: projects, money };
}
