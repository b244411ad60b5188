import type { LeadDuplicate, MyTasks, Pipeline, PipelineUpdate, TaskRecord, TimelinePage } from '@crm/contracts';
import type { Identifier } from 'react-admin';
import { API_URL, httpClient } from './httpClient';

// The lead card's wire types live in @crm/contracts, as core builds them.
export type { LeadDuplicate, MyTasks, Pipeline, StageForm, TimelineItem, TimelinePage } from '@crm/contracts';
export type CrmTask = TaskRecord;

const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  ).toString();

/** Named operations of the lead card, the pipeline settings and "My tasks". */
export const crmCardMethods = {
  async getPipeline(locale: string): Promise<Pipeline> {
    const { json } = await httpClient(`${API_URL}/pipeline?${qs({ locale })}`);
    return json;
  },
  async updatePipeline(values: PipelineUpdate, locale: string): Promise<Pipeline> {
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
