import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useLocaleState, useTranslate } from 'react-admin';
import type { CrmDataProvider } from '../providers/dataProvider';
import type { Pipeline, StageForm } from '../providers/crmCardMethods';
import { LEAD_STATUSES, type LeadStatus } from './statuses';

const pipelineKey = (locale: string) => ['pipeline', locale] as const;

/**
 * The organization's stages as the server names them (its own names over the ru/en defaults):
 * plural for column headers, singular for one lead's status; hidden stages leave the board and the
 * pickers but a lead already in one still shows its stage.
 */
export function usePipeline() {
  const dataProvider = useDataProvider<CrmDataProvider>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data } = useQuery<Pipeline>({ queryKey: pipelineKey(locale), queryFn: () => dataProvider.getPipeline(locale), staleTime: 60_000 });
  const stageName = (status: string, form: StageForm = 'one') =>
    data?.stages.find((s) => s.status === status)?.[form] ?? translate(`crm.lead_status.${status}`, { _: status });
  const visible = (data ? data.stages.filter((s) => !s.hidden).map((s) => s.status) : [...LEAD_STATUSES]) as LeadStatus[];
  /** Choices for a status picker: the visible stages, plus the current one if it is hidden. */
  const choices = (current?: string | null) =>
    LEAD_STATUSES.filter((status) => visible.includes(status) || status === current).map((id) => ({ id, name: stageName(id, 'one') }));
  return { pipeline: data, loaded: Boolean(data), stageName, visible, choices, lostReasons: data?.lost_reasons ?? [] };
}
