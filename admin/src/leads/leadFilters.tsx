import { useQuery } from '@tanstack/react-query';
import { SearchInput, SelectInput, useDataProvider, useTranslate } from 'react-admin';
import { ManagerInput } from '../users/managers';
import type { CrmDataProvider } from '../providers/dataProvider';
import { usePipeline } from './usePipeline';
import { LEAD_STATUSES } from './statuses';

export function useLeadFilters(withStatus: boolean) {
  // Hidden stages stay filterable: leads in them remain reachable from the table.
  const { stageName } = usePipeline();
  const statuses = LEAD_STATUSES.map((id) => ({ id, name: stageName(id, 'one') }));
  const translate = useTranslate();
  const dataProvider = useDataProvider<CrmDataProvider>();
  // The sources leads came from (a /start payload of an ad link is one), with how many each brought;
  // read again when the list opens (and on live lead events), so a lead from a new ad is offered at once.
  const { data: sources = [], refetch } = useQuery({ queryKey: ['lead-sources'], queryFn: () => dataProvider.getLeadSources() });
  const sourceChoices = sources.map(({ source, count }) => ({ id: source, name: `${source} (${count})` }));
  return [
    <SearchInput key="q" source="q" alwaysOn placeholder={translate('resources.leads.fields.q')} />,
    <ManagerInput key="manager_id" source="manager_id" label="resources.leads.fields.manager_id" alwaysOn />,
    <SelectInput key="source" source="source" choices={sourceChoices} alwaysOn SelectProps={{ onOpen: () => void refetch() }} />,
    ...(withStatus ? [<SelectInput key="status" source="status" choices={statuses} />] : []),
  ];
}
