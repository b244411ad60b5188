import { CALL_OUTCOMES } from '@crm/contracts';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, TextField } from '@mui/material';
import PhoneIcon from '@mui/icons-material/Phone';
import { useDataProvider, useNotify, useTranslate, type Identifier } from 'react-admin';
import type { CrmDataProvider } from '../../providers/dataProvider';

/** "Log call": what came of a call and a note, into the lead's timeline. */
export function LogCallButton({ leadId }: { leadId: Identifier }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<string>('reached');
  const [note, setNote] = useState('');
  const save = async () => {
    try {
      await dataProvider.logCall(leadId, { outcome, note });
      setOpen(false);
      setNote('');
      notify('crm.card.call_logged', { type: 'success' });
      await queryClient.invalidateQueries({ queryKey: ['leads', leadId] });
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };
  return (
    <>
      <Button variant="outlined" size="small" startIcon={<PhoneIcon />} onClick={() => setOpen(true)} data-testid="log-call">
        {translate('crm.card.log_call')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="xs">
        <DialogTitle>{translate('crm.card.log_call')}</DialogTitle>
        <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
          <TextField
            select
            label={translate('crm.card.outcome')}
            value={outcome}
            onChange={(e) => setOutcome(e.target.value)}
            inputProps={{ 'data-testid': 'call-outcome' }}
          >
            {CALL_OUTCOMES.map((o) => (
              <MenuItem key={o} value={o}>
                {translate(`crm.card.outcomes.${o}`)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label={translate('crm.card.call_note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            multiline
            minRows={2}
            inputProps={{ 'data-testid': 'call-note' }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" onClick={save} data-testid="call-save">
            {translate('ra.action.save')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
