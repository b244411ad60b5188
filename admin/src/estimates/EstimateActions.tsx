import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack } from '@mui/material';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import SendIcon from '@mui/icons-material/Send';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import { useDataProvider, useLocale, useNotify, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { API_URL, downloadFile } from '../providers/httpClient';
import type { CrmDataProvider, Estimate } from '../providers/dataProvider';

/** Server errors carry a code and per-field messages; the message says what to do. */
const messageOf = (e: unknown) => (e as { body?: { message?: string } }).body?.message ?? (e as Error).message;

/**
 * The estimate's PDF, "Send to client" (in Telegram, with Open / Approve / Questions) and "Approve"
 * (for a client who approved by phone or in person), and who approved it when it is approved.
 */
export function EstimateActions({ estimate, onChange, unsaved }: { estimate: Estimate; onChange: (next: Estimate) => void; unsaved: boolean }) {
  const translate = useTranslate();
  const notify = useNotify();
  const locale = useLocale();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [projectId, setProjectId] = useState<number | null>(estimate.project_id);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      notify(messageOf(e), { type: 'error', multiLine: true });
    } finally {
      setBusy(false);
    }
  };
  const pdf = () => run(() => downloadFile(`${API_URL}/estimates/${estimate.id}/pdf`, `estimate-${estimate.id}-v${estimate.version}.pdf`));
  const send = () =>
    run(async () => {
      onChange(await dataProvider.sendEstimate(estimate.id));
      notify('crm.estimates.sent', { type: 'success' });
    });
  const approve = () =>
    run(async () => {
      setConfirm(false);
      const result = await dataProvider.approveEstimate(estimate.id);
      setProjectId(result.project_id);
      onChange({ ...result.estimate, approved_by_name: result.estimate.approved_by_name ?? null });
      notify(result.changed ? 'crm.estimates.approved' : 'crm.estimates.already_approved', { type: 'success' });
    });
  const when = estimate.approved_at ? new Date(estimate.approved_at).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) : '';
  return (
    <>
      <Stack direction="row" spacing={1} sx={{ mb: 2, flexWrap: 'wrap' }} data-testid="estimate-actions">
        <Button startIcon={<PictureAsPdfIcon />} onClick={pdf} disabled={busy}>
          {translate('crm.estimates.pdf')}
        </Button>
        {(estimate.status === 'draft' || estimate.status === 'sent') && (
          <Button
            variant={estimate.status === 'draft' ? 'contained' : 'outlined'}
            startIcon={<SendIcon />}
            onClick={send}
            disabled={busy || unsaved}
            title={unsaved ? translate('crm.estimates.save_first') : undefined}
          >
            {translate(estimate.status === 'draft' ? 'crm.estimates.send' : 'crm.estimates.send_again')}
          </Button>
        )}
        {estimate.status === 'sent' && (
          <Button color="success" variant="contained" startIcon={<CheckCircleIcon />} onClick={() => setConfirm(true)} disabled={busy}>
            {translate('crm.estimates.approve')}
          </Button>
        )}
        {projectId && estimate.status === 'approved' && (
          <Button component={Link} to={`/projects/${projectId}/show`} data-testid="estimate-project-link">
            {translate('crm.estimates.open_project')}
          </Button>
        )}
      </Stack>
      {estimate.status === 'approved' && (
        <Alert severity="success" sx={{ mb: 2 }} data-testid="estimate-approved">
          {translate('crm.estimates.approved_by', {
            name: estimate.approved_by_name ?? translate('crm.estimates.the_client'),
            when,
            via: translate(`crm.estimates.via.${estimate.approved_via ?? 'back_office'}`),
          })}
        </Alert>
      )}
      {estimate.status === 'sent' && estimate.sent_at && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('crm.estimates.sent_at', { when: new Date(estimate.sent_at).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) })}
        </Alert>
      )}
      <Dialog open={confirm} onClose={() => setConfirm(false)}>
        <DialogTitle>{translate('crm.estimates.approve_title', { version: estimate.version })}</DialogTitle>
        <DialogContent>{translate('crm.estimates.approve_help')}</DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirm(false)}>{translate('ra.action.cancel')}</Button>
          <Button color="success" variant="contained" onClick={approve} data-testid="confirm-approve">
            {translate('crm.estimates.approve')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
