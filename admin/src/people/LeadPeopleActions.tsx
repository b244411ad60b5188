import { useState } from 'react';
import { Box, Button } from '@mui/material';
import HowToRegIcon from '@mui/icons-material/HowToReg';
import AddHomeWorkIcon from '@mui/icons-material/AddHomeWork';
import PanToolIcon from '@mui/icons-material/PanTool';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import type { Chat, CrmDataProvider } from '../providers/dataProvider';
import { newProjectPath, type LeadForProject } from './newProject';

interface Props {
  lead: LeadForProject & { needs_manager?: boolean; ai_enabled?: boolean };
  /** The lead's conversation, when shown beside it: enables "Take it". */
  chatId?: string;
  onChange?: (change: { client_id?: number; chat?: Chat }) => void;
}

/** "Make client", "New project" and "Take it" for a lead, on its card and beside its conversation. */
export function LeadPeopleActions({ lead, chatId, onChange }: Props) {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [busy, setBusy] = useState(false);
  const [clientId, setClientId] = useState<number | null>(lead.client_id ?? null);
  const fail = (error: unknown) => notify((error as Error).message, { type: 'error' });

  const makeClient = async () => {
    setBusy(true);
    try {
      const { client, created } = await dataProvider.makeClient(lead.id);
      setClientId(client.id);
      notify(created ? 'crm.people.client_created' : 'crm.people.client_attached', { type: 'success', messageArgs: { name: client.name } });
      onChange?.({ client_id: client.id });
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };
  const take = async () => {
    if (!chatId) return;
    setBusy(true);
    try {
      const chat = await dataProvider.takeChat(chatId);
      notify('crm.people.taken', { type: 'success' });
      onChange?.({ chat });
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mt: 2 }}>
      {chatId && (lead.needs_manager || lead.ai_enabled || !lead.manager_id) && (
        <Button size="small" variant="contained" color="warning" startIcon={<PanToolIcon />} disabled={busy} onClick={take}>
          {translate('crm.people.take')}
        </Button>
      )}
      {!clientId && (
        <Button size="small" variant="outlined" startIcon={<HowToRegIcon />} disabled={busy} onClick={makeClient}>
          {translate('crm.people.make_client')}
        </Button>
      )}
      <Button size="small" variant="outlined" startIcon={<AddHomeWorkIcon />} disabled={busy} onClick={() => navigate(newProjectPath(lead, clientId))}>
        {translate('crm.people.new_project')}
      </Button>
    </Box>
  );
}
