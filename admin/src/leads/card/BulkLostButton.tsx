import { useState } from 'react';
import { Button } from '@mui/material';
import { useDataProvider, useListContext, useNotify, useRefresh, useTranslate, useUnselectAll } from 'react-admin';
import { LostReasonDialog } from './LostReasonDialog';

/** Marks the selected leads lost, with one reason for all of them. */
export function BulkLostButton() {
  const { selectedIds, data = [] } = useListContext();
  const translate = useTranslate();
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll('leads');
  const [open, setOpen] = useState(false);
  const names = data
    .filter((l) => selectedIds.includes(l.id))
    .map((l) => l.name)
    .join(', ');
  const confirm = async (reason: string) => {
    try {
      await dataProvider.updateMany('leads', { ids: selectedIds, data: { status: 'lost', lost_reason: reason } });
      unselectAll();
      setOpen(false);
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {translate('crm.leads.mark_lost')}
      </Button>
      <LostReasonDialog open={open} names={names} onConfirm={confirm} onCancel={() => setOpen(false)} />
    </>
  );
}
