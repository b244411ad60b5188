import type { ProjectRecord } from '@crm/contracts';
import { Box, Card, CardContent, Grid, Typography } from '@mui/material';
import { EditButton, ReferenceField, Show, TabbedShowLayout, TabbedShowLayoutTabs, TextField, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { DateField } from '../common/DateField';
import { EnumField } from '../common/EnumField';
import { ChangeRequestsPanel } from './ChangeRequestsPanel';
import { DocumentsPanel } from './DocumentsPanel';
import { EstimatesPanel } from '../estimates/EstimatesPanel';
import { MoneyPanel } from './MoneyPanel';
import { PlanFactPanel } from './PlanFactPanel';
import { ReportsFeed } from './ReportsFeed';
import { StagesPanel } from './StagesPanel';
import { TelegramGroupPanel } from './TelegramGroupPanel';
import { TasksPanel } from '../tasks/TasksPanel';

function ProjectHeader() {
  const record = useRecordContext<ProjectRecord>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Box sx={{ px: 2, pt: 2 }}>
      <Typography variant="h5">
        {record.name} <EnumField source="status" group="project_status" />
      </Typography>
      <Typography color="text.secondary">{record.address}</Typography>
      <Typography variant="body2">
        {translate('crm.projects.client')}:{' '}
        <ReferenceField source="client_id" reference="users" emptyText="—">
          <TextField source="name" />
        </ReferenceField>
        {' · '}
        <DateField source="start_date" emptyText="" /> — <DateField source="end_date" emptyText="" />
      </Typography>
    </Box>
  );
}

function ProjectTasks() {
  const record = useRecordContext<ProjectRecord>();
  return record ? (
    <Box sx={{ maxWidth: 720 }}>
      <TasksPanel projectId={record.id} />
    </Box>
  ) : null;
}

function ProjectEstimates() {
  const record = useRecordContext<ProjectRecord>();
  return record ? (
    <Box sx={{ maxWidth: 720 }}>
      <EstimatesPanel projectId={record.id} />
    </Box>
  ) : null;
}

export const ProjectShow = () => {
  const translate = useTranslate();
  return (
    <Show
      actions={
        <TopToolbar>
          <EditButton />
        </TopToolbar>
      }
    >
      <ProjectHeader />
      <TelegramGroupPanel />
      <TabbedShowLayout tabs={<TabbedShowLayoutTabs variant="scrollable" scrollButtons="auto" allowScrollButtonsMobile />}>
        <TabbedShowLayout.Tab label={translate('crm.projects.stages')}>
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, md: 7 }}>
              <StagesPanel />
              <PlanFactPanel />
            </Grid>
            <Grid size={{ xs: 12, md: 5 }}>
              <Card variant="outlined">
                <CardContent>
                  <MoneyPanel />
                </CardContent>
              </Card>
            </Grid>
          </Grid>
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label={translate('crm.projects.reports')} path="reports">
          <ReportsFeed />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label={translate('crm.projects.change_requests')} path="change-requests">
          <ChangeRequestsPanel />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label={translate('crm.projects.documents')} path="documents">
          <DocumentsPanel />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label={translate('crm.estimates.tab')} path="estimates">
          <ProjectEstimates />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label={translate('crm.tasks.title')} path="tasks">
          <ProjectTasks />
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
};
