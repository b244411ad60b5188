import { Box, Button, Card, CardContent, Typography } from '@mui/material';
import ChatIcon from '@mui/icons-material/Chat';
import { Edit, SimpleForm, useRecordContext, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { LeadInputs } from './LeadInputs';
import { LeadPeopleActions } from '../people/LeadPeopleActions';
import { EstimatesPanel } from '../estimates/EstimatesPanel';
import { LeadCrmCard } from './card/LeadCrmCard';
import { AppointmentsPanel } from '../appointments/AppointmentsPanel';
import { MeasurementPanel } from '../appointments/MeasurementPanel';
import { usePhone } from '../common/usePhone';

function LeadAside({ below = false }: { below?: boolean }) {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Card sx={below ? { mt: 2 } : { width: 340, ml: 2, flexShrink: 0 }}>
      <CardContent>
        {record.username && <Typography variant="body2">@{record.username}</Typography>}
        {record.hotness !== null && (
          <Typography variant="body2">
            {translate('resources.leads.fields.hotness')}: {record.hotness}
          </Typography>
        )}
        {record.ai_paused_reason && (
          <Typography variant="body2" color="warning.main">
            {translate('crm.leads.ai_paused', { reason: translate(`crm.ai_paused_reasons.${record.ai_paused_reason}`, { _: record.ai_paused_reason }) })}
          </Typography>
        )}
        <Box sx={{ mt: 2 }}>
          <Button component={Link} to={`/chat?lead=${record.id}`} variant="outlined" startIcon={<ChatIcon />}>
            {translate('crm.leads.open_chat')}
          </Button>
        </Box>
        <LeadPeopleActions lead={record as never} />
        <Typography variant="subtitle2" sx={{ mt: 2, mb: 1 }}>
          {translate('crm.appointments.title')}
        </Typography>
        <AppointmentsPanel lead={{ id: record.id as number, name: record.name, address: record.address }} />
        <Typography variant="subtitle2" sx={{ mt: 2, mb: 1 }}>
          {translate('crm.measurements.title')}
        </Typography>
        <MeasurementPanel leadId={record.id as number} />
        <Typography variant="subtitle2" sx={{ mt: 2, mb: 1 }}>
          {translate('crm.estimates.tab')}
        </Typography>
        <EstimatesPanel leadId={record.id as number} />
      </CardContent>
    </Card>
  );
}

/** The lead card: the form, the CRM card (tasks, notes, timeline) and beside them people, visits and estimates; on a phone all in one column. */
export function LeadEdit() {
  const phone = usePhone();
  return (
    <Edit aside={phone ? undefined : <LeadAside />} mutationMode="pessimistic">
      <SimpleForm>
        <LeadInputs />
      </SimpleForm>
      <LeadCrmCard />
      {phone && <LeadAside below />}
    </Edit>
  );
}
