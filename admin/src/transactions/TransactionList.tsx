import { TRANSACTION_TYPES, type TransactionRecord } from '@crm/contracts';
import { Avatar } from '@mui/material';
import {
  CreateButton,
  DataTable,
  DateInput,
  FilterButton,
  List,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  SimpleList,
  TextInput,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { DateField } from '../common/DateField';
import { ExportMenu } from '../common/ExportMenu';
import { EnumField, EnumText, useChoices } from '../common/EnumField';
import { MoneyField } from '../common/money';
import { usePhone } from '../common/usePhone';
import { EmptyState } from '../layout/EmptyState';
import { TransactionTotals } from './TransactionTotals';

function Receipt() {
  const record = useRecordContext<TransactionRecord>();
  if (!record?.proof_url) return null;
  return (
    <a href={record.proof_url} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>
      <Avatar variant="rounded" src={record.proof_url} alt="" sx={{ width: 40, height: 40 }} />
    </a>
  );
}

export function TransactionList() {
  const translate = useTranslate();
  const phone = usePhone();
  const types = useChoices('transaction_type', TRANSACTION_TYPES);
  const filters = [
    <SearchInput key="q" source="q" alwaysOn placeholder={translate('resources.transactions.fields.q')} />,
    <ReferenceInput key="project_id" source="project_id" reference="projects" alwaysOn>
      <SelectInput optionText="name" />
    </ReferenceInput>,
    <SelectInput key="type" source="type" choices={types} alwaysOn />,
    <TextInput key="category" source="category" alwaysOn />,
    <DateInput key="from" source="occurred_on_gte" alwaysOn />,
    <DateInput key="to" source="occurred_on_lte" alwaysOn />,
  ];
  return (
    <List
      filters={filters}
      sort={{ field: 'occurred_on', order: 'DESC' }}
      empty={<EmptyState message="crm.transactions.empty" />}
      actions={
        <TopToolbar>
          <FilterButton />
          <CreateButton />
          <ExportMenu />
        </TopToolbar>
      }
    >
      <TransactionTotals />
      {phone ? (
        <SimpleList<TransactionRecord>
          linkType="edit"
          primaryText={<EnumText source="category" group="category" />}
          secondaryText={(record) => record.description}
          tertiaryText={<MoneyField source="amount" />}
        />
      ) : (
        <DataTable rowClick="edit">
          <DataTable.Col source="occurred_on">
            <DateField source="occurred_on" />
          </DataTable.Col>
          <DataTable.Col source="project_id">
            <ReferenceField source="project_id" reference="projects" link="show" />
          </DataTable.Col>
          <DataTable.Col source="type">
            <EnumField source="type" group="transaction_type" />
          </DataTable.Col>
          <DataTable.Col source="category">
            <EnumText source="category" group="category" />
          </DataTable.Col>
          <DataTable.Col source="description" />
          <DataTable.Col source="amount" align="right">
            <MoneyField source="amount" />
          </DataTable.Col>
          <DataTable.Col source="proof_url" label={translate('crm.transactions.receipt')} disableSort>
            <Receipt />
          </DataTable.Col>
          <DataTable.Col source="author_id">
            <ReferenceField source="author_id" reference="users" link={false} />
          </DataTable.Col>
        </DataTable>
      )}
    </List>
  );
}
