import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import type { CrmDataProvider } from '../providers/dataProvider';
import { newProjectPath, type LeadForProject } from './newProject';
import { usePipeline } from '../leads/usePipeline';

/** Statuses at which a lead is about to become a client: the Kanban asks whether to make them one. */
export const CLIENT_STATUSES = ['contract', 'won'];

/** After a Kanban move to "Contract" or "Won": make the lead a client and open a project from it, or later. */
export function WonPrompt({ lead, status, onClose }: { lead: LeadForProject | null; status: string; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [busy, setBusy] = useState(false);
  const { stageName } = usePipeline();
  const go = async () => {
    if (!lead) return;
    setBusy(true);
    try {
      const { client } = await dataProvider.makeClient(lead.id);
      onClose();
      navigate(newProjectPath(lead, client.id));
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={lead !== null} onClose={onClose}>
      <DialogTitle>{translate('crm.people.won_prompt_title', { name: lead?.name || `#${lead?.id}` })}</DialogTitle>
      <DialogContent>
        <Typography variant="body2">{translate('crm.people.won_prompt', { status: stageName(status, 'one') })}</Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('crm.people.later')}</Button>
        <Button variant="contained" onClick={go} disabled={busy}>
          {translate('crm.people.make_client_and_project')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
