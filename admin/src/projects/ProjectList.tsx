import type { ProjectRecord } from '@crm/contracts';
import { CreateButton, DataTable, FilterButton, List, ReferenceField, SearchInput, SelectInput, SimpleList, TopToolbar, useTranslate } from 'react-admin';
import { DateField } from '../common/DateField';
import { ExportMenu } from '../common/ExportMenu';
import { EnumField, useChoices } from '../common/EnumField';
import { MoneyField } from '../common/money';
import { usePhone } from '../common/usePhone';
import { EmptyState } from '../layout/EmptyState';
import { PROJECT_STATUSES } from './ProjectInputs';

export function ProjectList() {
  const statuses = useChoices('project_status', PROJECT_STATUSES);
  const translate = useTranslate();
  const phone = usePhone();
  const filters = [
    <SearchInput key="q" source="q" alwaysOn placeholder={translate('resources.projects.fields.q')} />,
    <SelectInput key="status" source="status" choices={statuses} alwaysOn />,
  ];
  return (
    <List
      filters={filters}
      sort={{ field: 'created_at', order: 'DESC' }}
      empty={<EmptyState message="crm.dashboard.no_projects" />}
      actions={
        <TopToolbar>
          <FilterButton />
          <CreateButton />
          <ExportMenu />
        </TopToolbar>
      }
    >
      {phone ? (
        <SimpleList<ProjectRecord>
          linkType="show"
          primaryText={(record) => record.name}
          secondaryText={(record) => record.address}
          tertiaryText={<EnumField source="status" group="project_status" />}
        />
      ) : (
        <DataTable rowClick="show">
          <DataTable.Col source="name" />
          <DataTable.Col source="address" />
          <DataTable.Col source="client_id">
            <ReferenceField source="client_id" reference="users" link={false} />
          </DataTable.Col>
          <DataTable.Col source="status">
            <EnumField source="status" group="project_status" />
          </DataTable.Col>
          <DataTable.Col source="budget_total">
            <MoneyField source="budget_total" />
          </DataTable.Col>
          <DataTable.Col source="budget_spent">
            <MoneyField source="budget_spent" />
          </DataTable.Col>
          <DataTable.Col source="start_date">
            <DateField source="start_date" />
          </DataTable.Col>
        </DataTable>
      )}
    </List>
  );
}
