import type { Identifier } from 'react-admin';
import { API_URL, httpClient } from './httpClient';

export type StageForm = 'one' | 'many';

/** The organization's pipeline as GET /api/pipeline answers it, in the screen's language. */
export interface PipelineStage {
  status: string;
  hidden: boolean;
  one: string;
  many: string;
  custom_one: string | null;
  custom_many: string | null;
}
export interface Pipeline {
  stages: PipelineStage[];
  lost_reasons: string[];
  default_lost_reasons: boolean;
}

export interface TimelineItem {
  key: string;
  at: string;
  kind: 'messages' | 'status' | 'call' | 'merge' | 'task_created' | 'task_done' | 'note' | 'ai' | 'estimate_created' | 'estimate_sent' | 'estimate_approved';
  actor: { id: number; name: string } | null;
  data: Record<string, unknown>;
}
export interface TimelinePage {
  items: TimelineItem[];
  next: string | null;
}

export interface LeadDuplicate {
  id: number;
  name: string;
  status: string;
  phone: string | null;
  created_at: string;
  match: Array<'phone' | 'telegram'>;
}

/** A task as the server shows it: `due_local` is the organization's wall clock. */
export interface CrmTask {
  id: number;
  title: string;
  due_at: string;
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
export interface MyTasks {
  time_zone: string;
  today_date: string;
  overdue: CrmTask[];
  today: CrmTask[];
  upcoming: CrmTask[];
}

const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString();

/** Named operations of the lead card, the pipeline settings and "My tasks". */
export const crmCardMethods = {
  async getPipeline(locale: string): Promise<Pipeline> {
    const { json } = await httpClient(`${API_URL}/pipeline?${qs({ locale })}`);
    return json;
  },
  async updatePipeline(values: { stages?: Record<string, { one?: string | null; many?: string | null; hidden?: boolean }>; lost_reasons?: string[] }, locale: string): Promise<Pipeline> {
    const { json } = await httpClient(`${API_URL}/pipeline?${qs({ locale })}`, { method: 'PUT', body: JSON.stringify(values) });
    return json;
  },
  async getLeadTimeline(leadId: Identifier, before?: string | null): Promise<TimelinePage> {
    const { json } = await httpClient(`${API_URL}/leads/${leadId}/timeline?${qs({ before: before ?? undefined, limit: 30 })}`);
    return json;
  },
  async getLeadDuplicates(leadId: Identifier): Promise<LeadDuplicate[]> {
    const { json } = await httpClient(`${API_URL}/leads/${leadId}/duplicates`);
    return json;
  },
  /** `keepId` stays; `mergeId` moves into it and disappears. */
  async mergeLeads(keepId: Identifier, mergeId: Identifier) {
    const { json } = await httpClient(`${API_URL}/leads/${keepId}/merge`, { method: 'POST', body: JSON.stringify({ merge_id: mergeId }) });
    return json as { id: number };
  },
  async logCall(leadId: Identifier, call: { outcome: string; note: string }) {
    const { json } = await httpClient(`${API_URL}/leads/${leadId}/calls`, { method: 'POST', body: JSON.stringify(call) });
    return json;
  },
  async getMyTasks(): Promise<MyTasks> {
    const { json } = await httpClient(`${API_URL}/tasks/mine`);
    return json;
  },
};
