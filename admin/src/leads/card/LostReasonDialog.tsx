import { useEffect, useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { LostReasonField } from './LostReasonField';

/** Asked whenever a lead goes to "lost" (a drop on the board, a bulk action): no reason, no move. */
export function LostReasonDialog({
  open,
  names,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  names: string;
  onConfirm: (reason: string) => void | Promise<void>;
  onCancel: () => void;
}) {
  const translate = useTranslate();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) setReason('');
  }, [open]);
  const confirm = async () => {
    if (!reason.trim()) return;
    setBusy(true);
    try {
      await onConfirm(reason.trim());
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} onClose={onCancel} fullWidth maxWidth="xs" data-testid="lost-dialog">
      <DialogTitle>{translate('crm.leads.lost_title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {names}
        </Typography>
        <LostReasonField value={reason} onChange={setReason} autoFocus />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={confirm} disabled={!reason.trim() || busy} data-testid="lost-confirm">
          {translate('crm.leads.mark_lost')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
