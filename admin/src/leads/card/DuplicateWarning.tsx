import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Link as MuiLink,
  Radio,
  RadioGroup,
  Typography,
} from '@mui/material';
import { useDataProvider, useNotify, useRedirect, useTranslate, type Identifier } from 'react-admin';
import { Link } from 'react-router-dom';
import type { CrmDataProvider } from '../../providers/dataProvider';
import type { LeadDuplicate } from '../../providers/crmCardMethods';

/** "Possible duplicate": other leads with the same phone or Telegram, each with a link and a merge. */
export function DuplicateWarning({ lead }: { lead: { id: Identifier; name: string } }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const { data: duplicates = [] } = useQuery({ queryKey: ['leads', lead.id, 'duplicates'], queryFn: () => dataProvider.getLeadDuplicates(lead.id) });
  const [merging, setMerging] = useState<LeadDuplicate | null>(null);
  if (!duplicates.length) return null;
  return (
    <>
      {duplicates.map((dup) => (
        <Alert
          key={dup.id}
          severity="warning"
          sx={{ mb: 1 }}
          data-testid="duplicate-warning"
          action={
            <Button color="inherit" size="small" onClick={() => setMerging(dup)} data-testid={`merge-${dup.id}`}>
              {translate('crm.card.merge')}
            </Button>
          }
        >
          {translate('crm.card.possible_duplicate')}{' '}
          <MuiLink component={Link} to={`/leads/${dup.id}`}>
            {dup.name || `#${dup.id}`}
          </MuiLink>{' '}
          ({dup.match.map((m) => translate(`crm.card.match.${m}`)).join(', ')})
        </Alert>
      ))}
      <MergeDialog lead={lead} other={merging} onClose={() => setMerging(null)} />
    </>
  );
}

function MergeDialog({ lead, other, onClose }: { lead: { id: Identifier; name: string }; other: LeadDuplicate | null; onClose: () => void }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const redirect = useRedirect();
  const [keep, setKeep] = useState<'this' | 'other'>('this');
  const [busy, setBusy] = useState(false);
  if (!other) return null;
  const merge = async () => {
    setBusy(true);
    try {
      const [keepId, goneId] = keep === 'this' ? [lead.id, other.id] : [other.id, lead.id];
      await dataProvider.mergeLeads(keepId, goneId);
      notify('crm.card.merged', { type: 'success' });
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['leads'] });
      redirect('edit', 'leads', keepId);
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid="merge-dialog">
      <DialogTitle>{translate('crm.card.merge_title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 1 }}>
          {translate('crm.card.merge_help')}
        </Typography>
        <RadioGroup value={keep} onChange={(e) => setKeep(e.target.value as 'this' | 'other')}>
          <FormControlLabel value="this" control={<Radio />} label={translate('crm.card.keep', { name: lead.name || `#${lead.id}` })} />
          <FormControlLabel value="other" control={<Radio />} label={translate('crm.card.keep', { name: other.name || `#${other.id}` })} />
        </RadioGroup>
        <Box />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" color="warning" onClick={merge} disabled={busy} data-testid="merge-confirm">
          {translate('crm.card.merge')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
