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
