import { Box, Divider, Grid } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { DuplicateWarning } from './DuplicateWarning';
import { LeadNotes } from './LeadNotes';
import { TasksPanel } from '../../tasks/TasksPanel';
import { LeadTimeline } from './LeadTimeline';
import { LogCallButton } from './LogCallDialog';

/** The CRM side of the lead card: duplicates, tasks, notes, calls and the timeline of everything. */
export function LeadCrmCard() {
  const record = useRecordContext();
  if (!record) return null;
  const leadId = record.id as number;
  return (
    <Box sx={{ p: 2 }} data-testid="lead-crm-card">
      <Divider sx={{ mb: 2 }} />
      <DuplicateWarning lead={{ id: leadId, name: record.name as string }} />
      <Box sx={{ mb: 2 }}>
        <LogCallButton leadId={leadId} />
      </Box>
      <Grid container spacing={3}>
        <Grid size={{ xs: 12, md: 6 }}>
          <TasksPanel leadId={leadId} />
          <Box sx={{ mt: 2 }}>
            <LeadNotes leadId={leadId} />
          </Box>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <LeadTimeline leadId={leadId} />
        </Grid>
      </Grid>
    </Box>
  );
}
