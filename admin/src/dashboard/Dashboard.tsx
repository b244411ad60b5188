import type { ChangeRequestRecord } from '@crm/contracts';
import { Alert, Box, Card, CardContent, CardHeader, Grid, LinearProgress, List, ListItemButton, ListItemText, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useGetList, useTranslate } from 'react-admin';
import type { CrmDataProvider } from '../providers/dataProvider';
import { centsToNumber, toCents, useMoneyFormat } from '../common/money';
import { useMe } from '../common/useMe';
import { LEAD_STATUSES, type Lead } from '../leads/statuses';
import { usePipeline } from '../leads/usePipeline';
import { MoneyBars } from '../projects/MoneyBars';
import { ProjectMoneyLine } from './ProjectMoneyLine';

function Stat({ label, value, to, testId }: { label: string; value: number | string; to: string; testId: string }) {
  return (
    <Card sx={{ height: '100%' }}>
      <CardContent component={Link} to={to} sx={{ display: 'block', color: 'inherit', textDecoration: 'none' }}>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
        <Typography variant="h4" data-testid={testId}>
          {value}
        </Typography>
      </CardContent>
    </Card>
  );
}

export function Dashboard() {
  const translate = useTranslate();
  const money = useMoneyFormat();
  const { user, organization } = useMe();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const { data: summary } = useQuery({ queryKey: ['dashboard'], queryFn: () => dataProvider.getDashboard(), refetchInterval: 60_000 });
  const { data: recent = [] } = useGetList<Lead & { id: number }>('leads', {
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'last_message_at', order: 'DESC' },
  });
  const { data: pending = [] } = useGetList<ChangeRequestRecord>('change-requests', { filter: { status: 'pending' }, pagination: { page: 1, perPage: 5 } });
  const waiting = recent.filter((l) => l.unread_count > 0);
  const count = (status: string) => summary?.leads_by_status.find((s) => s.status === status)?.count ?? 0;
  const projects = summary?.active_projects ?? [];
  const planned = toCents(summary?.money.planned);
  const spent = toCents(summary?.money.spent);
  // The firm's stages as it names them; a hidden stage still shows while leads sit in it.
  const { stageName, visible } = usePipeline();
  const stages = LEAD_STATUSES.filter((status) => visible.includes(status) || count(status) > 0);
  const maxColumn = Math.max(1, ...stages.map(count));

  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="h5" sx={{ mb: 2 }}>
        {translate('crm.dashboard.welcome', { name: user?.name ?? '' })}
      </Typography>
      {organization && !organization.has_bot_token && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('crm.dashboard.getting_started')}
        </Alert>
      )}
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <Stat label={translate('crm.dashboard.new_leads_week')} value={summary?.new_leads_week ?? '…'} to="/leads" testId="stat-new-leads" />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <Stat label={translate('crm.dashboard.waiting_chats')} value={summary?.chats_waiting ?? '…'} to="/chat" testId="stat-waiting" />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <Stat
            label={translate('crm.dashboard.pending_change_requests')}
            value={summary?.pending_change_requests ?? '…'}
            to="/projects"
            testId="stat-pending"
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <Stat label={translate('crm.dashboard.stale_leads')} value={summary?.stale_leads ?? '…'} to="/leads" testId="stat-stale" />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card sx={{ height: '100%' }}>
            <CardHeader title={translate('crm.dashboard.leads_per_stage')} titleTypographyProps={{ variant: 'subtitle1' }} />
            <CardContent>
              {stages.map((status) => (
                <Box key={status} sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 0.5 }} data-testid={`stage-row-${status}`}>
                  <Typography variant="body2" sx={{ width: 130 }}>
                    {stageName(status, 'many')}
                  </Typography>
                  <Box sx={{ flex: 1 }}>
                    <LinearProgress variant="determinate" value={(count(status) / maxColumn) * 100} sx={{ height: 10, borderRadius: 5 }} />
                  </Box>
                  <Typography variant="body2" sx={{ width: 32, textAlign: 'right' }}>
                    {count(status)}
                  </Typography>
                </Box>
              ))}
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card sx={{ height: '100%' }}>
            <CardHeader title={translate('crm.dashboard.money')} titleTypographyProps={{ variant: 'subtitle1' }} />
            <CardContent>
              <MoneyBars
                bars={[
                  { label: translate('crm.projects.planned'), value: centsToNumber(planned), text: money(planned), color: '#2f6f5e' },
                  { label: translate('crm.projects.spent'), value: centsToNumber(spent), text: money(spent), color: spent > planned ? '#c62828' : '#e07a2f' },
                ]}
              />
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card>
            <CardHeader title={translate('crm.dashboard.active_projects')} titleTypographyProps={{ variant: 'subtitle1' }} />
            {projects.length === 0 ? (
              <CardContent>
                <Typography color="text.secondary">{translate('crm.dashboard.no_projects')}</Typography>
              </CardContent>
            ) : (
              <List dense>
                {projects.slice(0, 8).map((p) => (
                  <ListItemButton key={p.id} component={Link} to={`/projects/${p.id}/show`}>
                    <ListItemText
                      primary={p.name}
                      secondary={<ProjectMoneyLine projectId={p.id} money={p.money} />}
                      slotProps={{ secondary: { component: 'span' } }}
                      data-testid={`dashboard-project-${p.id}`}
                    />
                    <Box sx={{ width: 120 }}>
                      <LinearProgress variant="determinate" value={p.progress_pct} />
                    </Box>
                    <Typography variant="caption" sx={{ ml: 1, width: 36 }} data-testid={`dashboard-progress-${p.id}`}>
                      {p.progress_pct}%
                    </Typography>
                  </ListItemButton>
                ))}
              </List>
            )}
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card sx={{ mb: 2 }}>
            <CardHeader title={translate('crm.dashboard.waiting_chats')} titleTypographyProps={{ variant: 'subtitle1' }} />
            {waiting.length === 0 ? (
              <CardContent>
                <Typography color="text.secondary">{translate('crm.dashboard.all_answered')}</Typography>
              </CardContent>
            ) : (
              <List dense>
                {waiting.slice(0, 6).map((l) => (
                  <ListItemButton key={l.id} component={Link} to={`/chat?lead=${l.id}`}>
                    <ListItemText primary={l.name || `#${l.id}`} secondary={stageName(l.status, 'one')} />
                    <Typography variant="caption" color="error">
                      {l.unread_count}
                    </Typography>
                  </ListItemButton>
                ))}
              </List>
            )}
          </Card>
          <Card>
            <CardHeader title={translate('crm.dashboard.pending_change_requests')} titleTypographyProps={{ variant: 'subtitle1' }} />
            {pending.length === 0 ? (
              <CardContent>
                <Typography color="text.secondary">{translate('crm.dashboard.none_pending')}</Typography>
              </CardContent>
            ) : (
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
