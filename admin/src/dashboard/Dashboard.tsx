import { useState } from 'react';
import { Alert, Box, Card, CardContent, CardHeader, Grid, LinearProgress, List, ListItemButton, ListItemText, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { useGetList, useTranslate } from 'react-admin';
import { centsToNumber, sumMoney, useMoneyFormat } from '../common/money';
import { useMe } from '../common/useMe';
import { groupByStatus, LEAD_STATUSES, type Lead } from '../leads/statuses';
import { MoneyBars } from '../projects/MoneyBars';

const WEEK = 7 * 86_400_000;

function Stat({ label, value, to, testId }: { label: string; value: number | string; to: string; testId: string }) {
  return (
    <Card sx={{ height: '100%' }}>
      <CardContent component={Link} to={to} sx={{ display: 'block', color: 'inherit', textDecoration: 'none' }}>
        <Typography variant="body2" color="text.secondary">{label}</Typography>
        <Typography variant="h4" data-testid={testId}>{value}</Typography>
      </CardContent>
    </Card>
  );
}

export function Dashboard() {
  const translate = useTranslate();
  const money = useMoneyFormat();
  const { user, organization } = useMe();
  const [weekAgo] = useState(() => new Date(Date.now() - WEEK).toISOString());
  const { total: newLeads = 0 } = useGetList('leads', { filter: { created_at_gte: weekAgo }, pagination: { page: 1, perPage: 1 } });
  const { data: leads = [] } = useGetList<Lead & { id: number }>('leads', { pagination: { page: 1, perPage: 1000 }, sort: { field: 'last_message_at', order: 'DESC' } });
  const { data: projects = [] } = useGetList('projects', { filter: { status: 'active' }, pagination: { page: 1, perPage: 100 }, sort: { field: 'created_at', order: 'DESC' } });
  const { data: stages = [] } = useGetList('stages', { filter: { project_id: projects.map((p) => p.id) }, pagination: { page: 1, perPage: 1000 } }, { enabled: projects.length > 0 });
  const { data: pending = [], total: pendingTotal = 0 } = useGetList('change-requests', { filter: { status: 'pending' }, pagination: { page: 1, perPage: 5 } });
  const columns = groupByStatus(leads);
  const waiting = leads.filter((l) => l.unread_count > 0);
  const progressOf = (projectId: number) => {
    const own = stages.filter((s) => s.project_id === projectId);
    return own.length ? Math.round(own.reduce((a, s) => a + s.progress_pct, 0) / own.length) : 0;
  };
  const planned = sumMoney(projects.map((p) => p.budget_total));
  const spent = sumMoney(projects.map((p) => p.budget_spent));
  const maxColumn = Math.max(1, ...LEAD_STATUSES.map((s) => columns[s].length));

  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="h5" sx={{ mb: 2 }}>{translate('crm.dashboard.welcome', { name: user?.name ?? '' })}</Typography>
      {organization && !organization.has_bot_token && <Alert severity="info" sx={{ mb: 2 }}>{translate('crm.dashboard.getting_started')}</Alert>}
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, sm: 4 }}><Stat label={translate('crm.dashboard.new_leads_week')} value={newLeads} to="/leads" testId="stat-new-leads" /></Grid>
        <Grid size={{ xs: 12, sm: 4 }}><Stat label={translate('crm.dashboard.waiting_chats')} value={waiting.length} to="/chat" testId="stat-waiting" /></Grid>
        <Grid size={{ xs: 12, sm: 4 }}><Stat label={translate('crm.dashboard.pending_change_requests')} value={pendingTotal} to="/projects" testId="stat-pending" /></Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card sx={{ height: '100%' }}>
            <CardHeader title={translate('crm.dashboard.leads_per_stage')} titleTypographyProps={{ variant: 'subtitle1' }} />
            <CardContent>
              {LEAD_STATUSES.map((status) => (
                <Box key={status} sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 0.5 }}>
                  <Typography variant="body2" sx={{ width: 130 }}>{translate(`crm.lead_status.${status}`)}</Typography>
                  <Box sx={{ flex: 1 }}><LinearProgress variant="determinate" value={(columns[status].length / maxColumn) * 100} sx={{ height: 10, borderRadius: 5 }} /></Box>
                  <Typography variant="body2" sx={{ width: 32, textAlign: 'right' }}>{columns[status].length}</Typography>
                </Box>
              ))}
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card sx={{ height: '100%' }}>
            <CardHeader title={translate('crm.dashboard.money')} titleTypographyProps={{ variant: 'subtitle1' }} />
            <CardContent>
              <MoneyBars bars={[
                { label: translate('crm.projects.planned'), value: centsToNumber(planned), text: money(planned), color: '#2f6f5e' },
                { label: translate('crm.projects.spent'), value: centsToNumber(spent), text: money(spent), color: spent > planned ? '#c62828' : '#e07a2f' },
              ]} />
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card>
            <CardHeader title={translate('crm.dashboard.active_projects')} titleTypographyProps={{ variant: 'subtitle1' }} />
            {projects.length === 0 ? <CardContent><Typography color="text.secondary">{translate('crm.dashboard.no_projects')}</Typography></CardContent> : (
              <List dense>
                {projects.slice(0, 8).map((p) => (
                  <ListItemButton key={p.id} component={Link} to={`/projects/${p.id}/show`}>
                    <ListItemText primary={p.name} secondary={p.address} />
                    <Box sx={{ width: 120 }}><LinearProgress variant="determinate" value={progressOf(p.id)} /></Box>
                    <Typography variant="caption" sx={{ ml: 1, width: 36 }}>{progressOf(p.id)}%</Typography>
                  </ListItemButton>
                ))}
              </List>
            )}
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card sx={{ mb: 2 }}>
            <CardHeader title={translate('crm.dashboard.waiting_chats')} titleTypographyProps={{ variant: 'subtitle1' }} />
            {waiting.length === 0 ? <CardContent><Typography color="text.secondary">{translate('crm.dashboard.all_answered')}</Typography></CardContent> : (
              <List dense>
                {waiting.slice(0, 6).map((l) => (
                  <ListItemButton key={l.id} component={Link} to={`/chat?lead=${l.id}`}>
                    <ListItemText primary={l.name || `#${l.id}`} secondary={translate(`crm.lead_status.${l.status}`)} />
                    <Typography variant="caption" color="error">{l.unread_count}</Typography>
                  </ListItemButton>
                ))}
              </List>
            )}
          </Card>
          <Card>
            <CardHeader title={translate('crm.dashboard.pending_change_requests')} titleTypographyProps={{ variant: 'subtitle1' }} />
            {pending.length === 0 ? <CardContent><Typography color="text.secondary">{translate('crm.dashboard.none_pending')}</Typography></CardContent> : (
              <List dense>
                {pending.map((c) => (
                  <ListItemButton key={c.id} component={Link} to={`/projects/${c.project_id}/show`}>
                    <ListItemText primary={c.title} secondary={money(c.amount)} />
                  </ListItemButton>
                ))}
              </List>
            )}
          </Card>
        </Grid>
      </Grid>
    </Box>
  );
}
