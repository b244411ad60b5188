import type { ProjectRecord } from '@crm/contracts';
import { Box, Button, Divider, FormControlLabel, MenuItem, Switch, TextField, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { useDataProvider, useGetList, useGetOne, useNotify, useTranslate, useUpdate } from 'react-admin';
import { useMoneyFormat } from '../common/money';
import { useMe } from '../common/useMe';
import { usePipeline } from '../leads/usePipeline';
import { useLostReasonPrompt } from '../leads/card/useLostReasonPrompt';
import type { Chat, CrmDataProvider } from '../providers/dataProvider';
import { LeadPeopleActions } from '../people/LeadPeopleActions';
import { useManagers } from '../users/managers';

function Row({ label, value }: { label: string; value: React.ReactNode }) {
  if (value === null || value === undefined || value === '') return null;
  return (
    <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 1, py: 0.25 }}>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="body2" align="right">
        {value}
      </Typography>
    </Box>
  );
}

/** A Telegram group's card: its project (whose manager answers here), its title, and whether the bot is still in it. */
function GroupCard({ chat, group }: { chat: Chat; group: NonNullable<Chat['group']> }) {
  const translate = useTranslate();
  return (
    <Box sx={{ p: 2, overflowY: 'auto', height: '100%' }} data-testid="group-card">
      <Typography variant="h6">{chat.person.name}</Typography>
      <Row label={translate('crm.groups.group_title')} value={group.title} />
      {!group.bot_present && (
        <Typography variant="body2" color="warning.main" sx={{ mt: 1 }}>
          {translate('crm.groups.bot_left')}
        </Typography>
      )}
      <Divider sx={{ my: 2 }} />
      <Typography variant="subtitle2">{translate('crm.groups.project')}</Typography>
      {group.project_id ? (
        <>
          <Button component={Link} to={`/projects/${group.project_id}/show`} size="small" sx={{ display: 'block' }}>
            {group.project_name}
          </Button>
          {chat.manager && <Row label={translate('crm.chat.manager')} value={chat.manager.name} />}
          <Typography variant="caption" color="text.secondary">
            {translate('crm.groups.manager_of_project')}
          </Typography>
        </>
      ) : (
        <Typography variant="body2" color="text.secondary">
          {translate('crm.groups.not_linked')}
        </Typography>
      )}
    </Box>
  );
}

/** The person's card: lead fields, AI qualification, status, manager, the AI switch and their project. */
export function PersonCard({ chat, onChange }: { chat: Chat; onChange: (chat: Chat) => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const money = useMoneyFormat();
  const { user } = useMe();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [update] = useUpdate();
  const { data: lead, refetch } = useGetOne('leads', { id: chat.lead_id! }, { enabled: chat.lead_id !== null });
  const managers = useManagers();
  const { data: projects = [] } = useGetList<ProjectRecord>(
    'projects',
    { filter: chat.lead_id ? { lead_id: chat.lead_id } : { client_id: chat.user_id }, pagination: { page: 1, perPage: 5 } },
    { enabled: Boolean(chat.lead_id || chat.user_id) },
  );
  const field = (name: string) => translate(`resources.leads.fields.${name}`);
  const fail = (error: unknown) => notify((error as Error).message, { type: 'error' });

  const saveLead = (data: Record<string, unknown>) =>
    lead &&
    update(
      'leads',
      { id: lead.id, data, previousData: lead },
      {
        mutationMode: 'pessimistic',
        onSuccess: (saved) => {
          void refetch();
          onChange({ ...chat, ai_enabled: saved.ai_enabled, status: saved.status });
        },
        onError: fail,
      },
    );
  const { choices } = usePipeline();
  const lostReason = useLostReasonPrompt();
  // Lost needs the reason, asked as the Kanban asks it; cancelling keeps the status.
  const changeStatus = async (status: string) => {
    if (!lead || status === lead.status) return;
    if (status !== 'lost') return saveLead({ status });
    const reason = await lostReason.ask({ name: lead.name || chat.person.name });
    if (reason !== null) saveLead({ status, lost_reason: reason });
  };
  const assign = (managerId: number | null) => dataProvider.assignChat(chat.id, managerId).then(onChange, fail);

  if (chat.group) return <GroupCard chat={chat} group={chat.group} />;
  return (
    <Box sx={{ p: 2, overflowY: 'auto', height: '100%' }} data-testid="person-card">
      <Typography variant="h6">{chat.person.name}</Typography>
      {chat.person.username && (
        <Typography variant="body2" color="text.secondary">
          @{chat.person.username}
        </Typography>
      )}
      {chat.person.phone && <Typography variant="body2">{chat.person.phone}</Typography>}
      {lead && (
        <>
          <TextField
            select
            size="small"
            fullWidth
            label={field('status')}
            value={lead.status}
            sx={{ mt: 2 }}
            onChange={(e) => void changeStatus(e.target.value)}
            slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'person-status' } as React.HTMLAttributes<HTMLDivElement> } }}
          >
            {choices(lead.status).map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.name}
              </MenuItem>
            ))}
          </TextField>
          {lostReason.dialog}
          <FormControlLabel
            sx={{ mt: 1 }}
            label={lead.ai_enabled ? translate('crm.chat.ai_on') : translate('crm.chat.take_over')}
            control={
              <Switch
                checked={lead.ai_enabled}
                onChange={(e) => saveLead({ ai_enabled: e.target.checked })}
                inputProps={{ 'aria-label': field('ai_enabled') }}
              />
            }
          />
          {lead.ai_paused_reason && (
            <Typography variant="caption" color="warning.main" component="div">
              {translate('crm.leads.ai_paused', { reason: translate(`crm.ai_paused_reasons.${lead.ai_paused_reason}`, { _: lead.ai_paused_reason }) })}
            </Typography>
          )}
          <LeadPeopleActions
            key={lead.id}
            lead={{ ...lead, needs_manager: chat.needs_manager, manager_id: chat.manager_id }}
            chatId={chat.id}
            onChange={(change) => {
              void refetch();
              if (change.chat) onChange(change.chat);
            }}
          />
        </>
      )}
      <TextField
        select
        size="small"
        fullWidth
        label={translate('crm.chat.manager')}
        value={chat.manager_id ?? ''}
        sx={{ mt: 2 }}
        onChange={(e) => assign(e.target.value === '' ? null : Number(e.target.value))}
      >
        <MenuItem value="">—</MenuItem>
        {managers.map((m) => (
          <MenuItem key={m.id} value={m.id}>
            {m.name}
          </MenuItem>
        ))}
      </TextField>
      {user && chat.manager_id !== user.id && (
        <Button size="small" onClick={() => assign(user.id)} sx={{ mt: 0.5 }}>
          {translate('crm.chat.assign_me')}
        </Button>
      )}
      {lead && (
        <>
          <Divider sx={{ my: 2 }} />
          <Typography variant="subtitle2" sx={{ mb: 1 }}>
            {translate('crm.chat.qualification')}
          </Typography>
          <Row label={field('work_type')} value={lead.work_type && translate(`crm.work_type.${lead.work_type}`)} />
          <Row label={field('area_m2')} value={lead.area_m2 && Number(lead.area_m2)} />
          <Row label={field('rooms')} value={lead.rooms} />
          <Row label={field('budget_amount')} value={lead.budget_amount && money(lead.budget_amount)} />
          <Row label={field('timing')} value={lead.timing} />
          <Row label={field('property_type')} value={lead.property_type && translate(`crm.property_type.${lead.property_type}`)} />
          <Row label={field('address')} value={lead.address} />
          <Row label={field('hotness')} value={lead.hotness} />
          <Row label={field('source')} value={lead.source} />
          {lead.status === 'lost' && <Row label={field('lost_reason')} value={lead.lost_reason} />}
          {lead.ai_summary && (
            <>
              <Typography variant="subtitle2" sx={{ mt: 2 }}>
                {translate('crm.chat.summary')}
              </Typography>
              <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
                {lead.ai_summary}
              </Typography>
            </>
          )}
          <Button component={Link} to={`/leads/${lead.id}`} size="small" sx={{ mt: 1 }}>
            {translate('ra.action.edit')}
          </Button>
        </>
      )}
      <Divider sx={{ my: 2 }} />
      <Typography variant="subtitle2">{translate('crm.chat.project')}</Typography>
      {projects.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('crm.chat.no_project')}
        </Typography>
      ) : (
        projects.map((p) => (
          <Button key={p.id} component={Link} to={`/projects/${p.id}/show`} size="small" sx={{ display: 'block' }}>
            {p.name}
          </Button>
        ))
      )}
    </Box>
  );
}
