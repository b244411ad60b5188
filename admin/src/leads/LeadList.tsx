import { useState } from 'react';
import { Box, Button, ToggleButton, ToggleButtonGroup } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import ViewKanbanIcon from '@mui/icons-material/ViewKanban';
import TableRowsIcon from '@mui/icons-material/TableRows';
import { BulkDeleteButton, CreateButton, DataTable, List, ReferenceField, SimpleList, TopToolbar, useStore, useTranslate, type ListProps } from 'react-admin';
import { DateField } from '../common/DateField';
import { MoneyField } from '../common/money';
import { ExportMenu } from '../common/ExportMenu';
import { usePhone } from '../common/usePhone';
import { EmptyState } from '../layout/EmptyState';
import { LeadImportDialog } from './LeadImportDialog';
import { LeadKanban } from './LeadKanban';
import { useLeadFilters } from './leadFilters';
import { LeadStatusField } from './LeadStatusField';
import { BulkLostButton } from './card/BulkLostButton';

type View = 'board' | 'table';

function ViewSwitch({ view, setView }: { view: View; setView: (v: View) => void }) {
  const translate = useTranslate();
  return (
    <ToggleButtonGroup size="small" exclusive value={view} onChange={(_, v) => v && setView(v)}>
      <ToggleButton value="board" aria-label={translate('crm.leads.board')}>
        <ViewKanbanIcon fontSize="small" sx={{ mr: 0.5 }} />
        {translate('crm.leads.board')}
      </ToggleButton>
      <ToggleButton value="table" aria-label={translate('crm.leads.table')}>
        <TableRowsIcon fontSize="small" sx={{ mr: 0.5 }} />
        {translate('crm.leads.table')}
      </ToggleButton>
    </ToggleButtonGroup>
  );
}

const BulkActions = () => (
  <>
    <BulkLostButton />
    <BulkDeleteButton mutationMode="pessimistic" />
  </>
);

export function LeadList(props: Partial<ListProps>) {
  const [view, setView] = useStore<View>('leads.view', 'board');
  const board = view === 'board';
  const phone = usePhone();
  const filters = useLeadFilters(!board);
  const [importing, setImporting] = useState(false);
  const translate = useTranslate();
  const importButton = (variant: 'text' | 'outlined') => (
    <Button size="small" variant={variant} startIcon={<UploadFileIcon />} onClick={() => setImporting(true)}>
      {translate(phone ? 'crm.lead_import.import_short' : 'crm.lead_import.import')}
    </Button>
  );
  // On a phone the toolbar wraps onto a second line rather than pushing the view switch off the screen.
  const actions = (
    <TopToolbar sx={{ alignItems: 'center', flexWrap: 'wrap', justifyContent: 'flex-end' }}>
      <ViewSwitch view={view} setView={setView} />
      <CreateButton />
      {importButton('text')}
      {!board && <ExportMenu />}
    </TopToolbar>
  );
  // The board loads each column itself; its list asks for one row, enough to know whether there are leads at all.
  // The dialog sits beside the list: an empty list renders its empty state instead of its children.
  return (
    <>
      <List
        {...props}
        key={view}
        storeKey={`leads.${view}`}
        filters={filters}
        actions={actions}
        perPage={board ? 1 : 25}
        pagination={board ? false : undefined}
        sort={board ? { field: 'position', order: 'ASC' } : { field: 'created_at', order: 'DESC' }}
        empty={<EmptyState message="crm.leads.empty">{importButton('outlined')}</EmptyState>}
        component={board ? Box : undefined}
      >
        {board ? (
          <LeadKanban />
        ) : phone ? (
          <SimpleList
            linkType="edit"
            primaryText={(record) => record.name || `#${record.id}`}
            secondaryText={<MoneyField source="budget_amount" />}
            tertiaryText={<LeadStatusField />}
          />
        ) : (
          <DataTable bulkActionButtons={<BulkActions />} rowClick="edit">
            <DataTable.Col source="name" />
            <DataTable.Col source="status">
              <LeadStatusField />
            </DataTable.Col>
            <DataTable.Col source="budget_amount">
              <MoneyField source="budget_amount" />
            </DataTable.Col>
            <DataTable.Col source="source" />
            <DataTable.Col source="manager_id">
              <ReferenceField source="manager_id" reference="users" link={false} />
            </DataTable.Col>
            <DataTable.Col source="last_activity_at">
              <DateField source="last_activity_at" showTime />
            </DataTable.Col>
            <DataTable.Col source="created_at">
              <DateField source="created_at" />
            </DataTable.Col>
          </DataTable>
        )}
      </List>
      <LeadImportDialog open={importing} onClose={() => setImporting(false)} />
    </>
  );
}
