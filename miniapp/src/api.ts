import type {
  ChangeRequestDecision,
  ClientChangeRequest,
  ClientDocument,
  ClientEstimateApproval,
  ClientEstimateSummary,
  ClientEstimateView,
  ClientProjectDashboard,
  ClientProjectSummary,
  DecidedChangeRequest,
  ErrorBody,
  FeedReport,
  MiniAppSession,
  MiniAppSessionRequest,
} from '@crm/contracts';

/** An error answer as it arrived: the API's ErrorBody, or less of it from a proxy's error page. */
export type ErrorAnswer = Partial<ErrorBody>;

/** Talks to /api/miniapp with the session token; errors carry the server's code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: ErrorAnswer = {},
  ) {
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
  if (!res.ok) {
    const body = data as ErrorAnswer;
    throw new ApiError(res.status, body.error ?? 'error', body.message ?? res.statusText, body);
  }
  return data as T;
}

export const api = {
  async session(initData: string, orgId: number): Promise<MiniAppSession> {
    const session =
      (await earlySession(initData, orgId)) ??
      (await request<MiniAppSession>('POST', '/miniapp/session', { init_data: initData, org_id: orgId } satisfies MiniAppSessionRequest));
    token = session.token;
    return session;
  },
  projects: () => request<ClientProjectSummary[]>('GET', '/miniapp/projects'),
  dashboard: (id: number) => request<ClientProjectDashboard>('GET', `/miniapp/projects/${id}`),
  reports: (id: number, before?: number) => request<FeedReport[]>('GET', `/miniapp/projects/${id}/reports${before ? `?before=${before}` : ''}`),
  changeRequests: (id: number) => request<ClientChangeRequest[]>('GET', `/miniapp/projects/${id}/change-requests`),
  documents: (id: number) => request<ClientDocument[]>('GET', `/miniapp/projects/${id}/documents`),
  estimates: () => request<ClientEstimateSummary[]>('GET', '/miniapp/estimates'),
  estimate: (id: number) => request<ClientEstimateView>('GET', `/miniapp/estimates/${id}`),
  approveEstimate: (id: number) => request<ClientEstimateApproval>('POST', `/miniapp/estimates/${id}/approve`),
  askAboutEstimate: (id: number, text: string) => request<{ id: number }>('POST', `/miniapp/estimates/${id}/questions`, { text }),
  decide: (id: number, decision: ChangeRequestDecision) => request<DecidedChangeRequest>('POST', `/miniapp/change-requests/${id}/decision`, { decision }),
};

/** The session request index.html starts before this bundle loads (same init data and org only). */
async function earlySession(initData: string, orgId: number): Promise<MiniAppSession | null> {
  const early = (
    window as { __miniappSession?: { initData: string; org: string; response: Promise<{ status: number; body: Record<string, unknown> } | null> } }
  ).__miniappSession;
  if (!early || early.initData !== initData || Number(early.org) !== orgId) return null;
  // Used once: a retry after a failure asks the server again.
  delete (window as { __miniappSession?: unknown }).__miniappSession;
  const result = await early.response;
  if (!result) return null;
  const { status, body } = result;
  if (status >= 400) throw new ApiError(status, String(body.error ?? 'error'), String(body.message ?? ''), body as ErrorAnswer);
  return body as unknown as MiniAppSession;
}
