import { Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { useTranslate } from 'react-admin';
import { QuickRepliesEditor } from '../settings/QuickRepliesEditor';

/** The quick replies editor of Settings, opened from the reply box without leaving the conversation. */
export function QuickRepliesDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const translate = useTranslate();
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate('crm.inbox.quick_replies')}</DialogTitle>
      <DialogContent>
        <QuickRepliesEditor enabled={open} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
