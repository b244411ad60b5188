import { QueryTypes, type Sequelize } from '@crm/database';
import type { DashboardSummary } from '@crm/contracts';
import { projectFiguresFor } from '../projects/summary.js';

export type { DashboardSummary } from '@crm/contracts';

/** The manager's morning view, in a handful of aggregate queries (money summed in SQL, exactly). */
export async function dashboardSummary(sequelize: Sequelize, orgId: number): Promise<DashboardSummary> {
  const q = <T extends object>(sql: string) => sequelize.query<T>(sql, { replacements: { orgId }, type: QueryTypes.SELECT });
  // Four independent reads side by side on the pool (the page waits for the slowest, not for their sum).
  const [[counts], statuses, projects, [money]] = await Promise.all([
    q<{ new_leads_week: number; pending_change_requests: number; chats_waiting: number }>(`
    SELECT
      (SELECT count(*)::int FROM leads WHERE org_id = :orgId AND created_at >= now() - interval '7 days') AS new_leads_week,
      (SELECT count(*)::int FROM change_requests WHERE org_id = :orgId AND status = 'pending') AS pending_change_requests,
      (SELECT count(*)::int FROM leads WHERE org_id = :orgId AND unread_count > 0) AS chats_waiting`),
    // One pass over the (org_id, status, last_activity_at) INCLUDE (budget_amount) index alone gives
    // each status's count and budget and how many of its leads went quiet past the organization's
    // staleness cut-off (computed once, before the scan); stale leads are those of the open statuses.
    q<{ status: string; count: number; budget: string; stale: number }>(`
    SELECT s.status, COALESCE(l.count, 0)::int AS count, COALESCE(l.budget, 0)::text AS budget, COALESCE(l.stale, 0)::int AS stale
    FROM unnest(enum_range(NULL::lead_status)) WITH ORDINALITY AS s(status, n)
    LEFT JOIN (
      SELECT status, count(*) AS count, SUM(budget_amount) AS budget,
             count(*) FILTER (WHERE last_activity_at < (SELECT now() - make_interval(days => o.stale_lead_days) FROM organizations o WHERE o.id = :orgId)) AS stale
      FROM leads WHERE org_id = :orgId GROUP BY status
    ) l ON l.status = s.status
    ORDER BY s.n`),
    activeProjects(sequelize, orgId, q),
    q<{ planned: string; spent: string }>(`
    SELECT COALESCE(SUM(budget_total), 0)::text AS planned, COALESCE(SUM(budget_spent), 0)::text AS spent
    FROM projects WHERE org_id = :orgId AND status = 'active'`),
  ]);
  const byStatus = statuses.map(({ status, count, budget }) => ({ status, count, budget }));
  const stale_leads = statuses.reduce((sum, s) => (s.status === 'won' || s.status === 'lost' ? sum : sum + s.stale), 0);
  return { ...counts!, stale_leads, leads_by_status: byStatus, active_projects: projects, money: money! };
}

/** The 20 newest active projects with their progress and money (the figures every screen shows). */
async function activeProjects(sequelize: Sequelize, orgId: number, q: <T extends object>(sql: string) => Promise<T[]>) {
  const rows = await q<{ id: number; name: string; budget_total: string; budget_spent: string }>(`
    SELECT p.id, p.name, p.budget_total::text, p.budget_spent::text
    FROM projects p
    WHERE p.org_id = :orgId AND p.status = 'active'
    ORDER BY p.created_at DESC LIMIT 20`);
  const figures = await projectFiguresFor(
    sequelize,
    orgId,
    rows.map((p) => p.id),
  );
  return rows.map((p) => {
    const f = figures.get(p.id)!;
    return { ...p, progress_pct: f.progress_pct, money: f.money };
  });
}
