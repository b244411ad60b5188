/** Talks to /api/miniapp with the session token; errors carry the server's code and message. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly body: Record<string, unknown> = {}) {
    super(message);
  }
}

// Vite sets the base; outside a Vite build (unit tests) the app is served at /app/.
const apiBase = `${(import.meta.env?.BASE_URL ?? '/app/').replace(/\/app\/?$/, '')}/api`;
let token: string | null = null;

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${apiBase}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data.error ?? 'error', data.message ?? res.statusText, data);
  return data as T;
}

export interface Organization { id: number; name: string; currency: string; locale: 'ru' | 'en'; timezone: string }
export interface Session { token: string; user: { id: number; name: string; language_code: string | null }; organization: Organization; projects: ProjectSummary[]; dashboard: Dashboard | null; estimates?: EstimateSummary[] }
export interface ProjectSummary { id: number; name: string; address: string; status: string; progress_pct: number; budget_total: string; pending_change_requests: number }
export interface Stage { id: number; name: string; status: 'planned' | 'in_progress' | 'done'; progress_pct: number }
/** The project's money exactly as the server computes it for every screen; the Mini App only displays it. */
export interface Money { currency: string; contract_base: string; change_orders_approved: string; change_orders_pending: string; contract_total: string; stages_planned: string; paid: string; spent: string; left: string; to_pay: string }
/** Plan against fact per stage and in total, computed by the server. */
export interface PlanFact {
  stages: { id: number; name: string; planned: string; fact: string; variance: string }[];
  totals: { planned: string; fact: string; variance: string; unassigned: string };
}
export interface Dashboard extends ProjectSummary { stages: Stage[]; money: Money; plan_fact?: PlanFact; start_date: string | null; end_date: string | null }
export interface EstimateSummary {
  id: number; title: string; version: number; status: 'sent' | 'approved' | 'superseded'; currency: string; total: string; valid_until: string | null;
  sent_at: string | null; approved_at: string | null; approved_via: string | null; approved_by_name: string | null; project_id: number | null; latest: boolean;
}
export interface EstimateLine { id: number; name: string; unit: string; quantity: string; unit_price: string; total: string }
export interface EstimateSection { id: number; name: string; subtotal: string; total: string; floor_area: string | null; lines: EstimateLine[] }
export interface EstimateView extends EstimateSummary {
  subtotal: string; markup_amount: string; discount_amount: string; vat_amount: string; vat_rate: string | null; vat_included: boolean; notes: string;
  sections: EstimateSection[]; can_approve: boolean; pdf_url: string | null;
}
export interface Media { type: string; url: string; mime_type: string | null; width: number | null; height: number | null; duration: number | null }
export interface Report { id: number; created_at: string; content: string; progress_pct: number | null; stage_name: string | null; author_name: string | null; media: Media[] }
export interface ChangeLine {
  action: 'add' | 'remove' | 'change'; section_name: string; name: string; unit: string;
  old_quantity: string | null; new_quantity: string | null; old_unit_price: string | null; new_unit_price: string | null;
  old_total: string | null; new_total: string | null; delta: string;
}
type Figures = { subtotal: string; markup_amount: string; discount_amount: string; vat_amount: string; total: string };
export interface ChangeFigures { vat_included: boolean; delta: Figures }
export interface ChangeRequest {
  id: number; title: string; description: string; amount: string; status: 'pending' | 'approved' | 'rejected'; created_at: string;
  decided_at: string | null; decided_by_name: string | null; lines?: ChangeLine[]; figures?: ChangeFigures | null;
}
export interface DocumentItem { id: number; title: string; kind: string; url: string | null; mime_type: string | null; created_at: string; source?: 'document' | 'estimate' }

export const api = {
  async session(initData: string, orgId: number): Promise<Session> {
    const session = (await earlySession(initData, orgId)) ?? await request<Session>('POST', '/miniapp/session', { init_data: initData, org_id: orgId });
    token = session.token;
    return session;
  },
  projects: () => request<ProjectSummary[]>('GET', '/miniapp/projects'),
  dashboard: (id: number) => request<Dashboard>('GET', `/miniapp/projects/${id}`),
  reports: (id: number, before?: number) => request<Report[]>('GET', `/miniapp/projects/${id}/reports${before ? `?before=${before}` : ''}`),
  changeRequests: (id: number) => request<ChangeRequest[]>('GET', `/miniapp/projects/${id}/change-requests`),
  documents: (id: number) => request<DocumentItem[]>('GET', `/miniapp/projects/${id}/documents`),
  estimates: () => request<EstimateSummary[]>('GET', '/miniapp/estimates'),
  estimate: (id: number) => request<EstimateView>('GET', `/miniapp/estimates/${id}`),
  approveEstimate: (id: number) => request<EstimateView & { changed: boolean; project_id: number }>('POST', `/miniapp/estimates/${id}/approve`),
  askAboutEstimate: (id: number, text: string) => request<{ id: number }>('POST', `/miniapp/estimates/${id}/questions`, { text }),
  decide: (id: number, decision: 'approved' | 'rejected') => request<ChangeRequest & { budget_total: string }>('POST', `/miniapp/change-requests/${id}/decision`, { decision }),
};

/** The session request index.html starts before this bundle loads (same init data and org only). */
async function earlySession(initData: string, orgId: number): Promise<Session | null> {
  const early = (window as { __miniappSession?: { initData: string; org: string; response: Promise<{ status: number; body: Record<string, unknown> } | null> } }).__miniappSession;
  if (!early || early.initData !== initData || Number(early.org) !== orgId) return null;
  // Used once: a retry after a failure asks the server again.
  delete (window as { __miniappSession?: unknown }).__miniappSession;
  const result = await early.response;
  if (!result) return null;
  const { status, body } = result;
  if (status >= 400) throw new ApiError(status, String(body.error ?? 'error'), String(body.message ?? ''), body);
  return body as unknown as Session;
}
