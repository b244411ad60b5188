import { ReferenceInput, SearchInput, SelectInput, TextInput, useTranslate } from 'react-admin';
import { useChoices } from '../common/EnumField';
import { LEAD_STATUSES } from './statuses';

export function useLeadFilters(withStatus: boolean) {
  const statuses = useChoices('lead_status', LEAD_STATUSES);
  const translate = useTranslate();
  return [
    <SearchInput key="q" source="q" alwaysOn placeholder={translate('resources.leads.fields.q')} />,
    <ReferenceInput key="manager_id" source="manager_id" reference="users" filter={{ role: ['admin', 'manager'] }} alwaysOn>
      <SelectInput optionText="name" label="resources.leads.fields.manager_id" />
    </ReferenceInput>,
    <TextInput key="source" source="source" alwaysOn />,
    ...(withStatus ? [<SelectInput key="status" source="status" choices={statuses} />] : []),
  ];
}
