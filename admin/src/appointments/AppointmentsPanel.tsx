import { ACTIVE_APPOINTMENT_STATUSES } from '@crm/contracts';
import { useState } from 'react';
import { Alert, Box, Button, Chip, Stack, Typography } from '@mui/material';
import EventIcon from '@mui/icons-material/Event';
import { useGetList, useNotify, useTranslate, useUpdate } from 'react-admin';
import { BookVisitDialog } from './BookVisitDialog';
import type { Appointment } from './slots';

const ACTIVE: readonly string[] = ACTIVE_APPOINTMENT_STATUSES;
const COLORS: Record<Appointment['status'], 'default' | 'success' | 'warning' | 'error' | 'info'> = {
  scheduled: 'info',
  confirmed: 'success',
  reschedule_requested: 'warning',
  cancelled: 'default',
  done: 'default',
};

/** The lead's measurement visits: book one, move or cancel it, and whether each person hears of it in Telegram. */
export function AppointmentsPanel({ lead }: { lead: { id: number; name?: string; address?: string | null } }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [dialog, setDialog] = useState<{ visit: Appointment | null } | null>(null);
  const { data = [], refetch } = useGetList<Appointment>('appointments', {
    filter: { lead_id: lead.id },
    sort: { field: 'starts_at', order: 'DESC' },
    pagination: { page: 1, perPage: 20 },
  });
  const [update] = useUpdate<Appointment>();
  const cancel = (visit: Appointment) =>
    update(
      'appointments',
      { id: visit.id, data: { ...visit, status: 'cancelled' }, previousData: visit },
      {
        onSuccess: () => {
          notify('crm.appointments.cancelled', { type: 'info' });
          void refetch();
        },
        onError: (error) => notify((error as Error).message, { type: 'error' }),
      },
    );
  return (
    <Box data-testid="appointments-panel">
      <Button startIcon={<EventIcon />} variant="outlined" size="small" onClick={() => setDialog({ visit: null })} data-testid="book-visit">
        {translate('crm.appointments.book_button')}
      </Button>
      {data.length === 0 && (
        <Typography color="text.secondary" variant="body2" sx={{ mt: 1 }}>
          {translate('crm.appointments.empty')}
        </Typography>
      )}
      <Stack spacing={1} sx={{ mt: 1 }}>
        {data.map((visit) => (
          <Box key={visit.id} data-testid="visit-row" sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1 }}>
            <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 1 }}>
              <Typography variant="body2" fontWeight={600}>
                {visit.date} {visit.time} · {translate('crm.appointments.minutes', { n: visit.duration_minutes })}
              </Typography>
              <Chip size="small" color={COLORS[visit.status]} label={translate(`crm.appointment_status.${visit.status}`)} data-testid="visit-status" />
            </Box>
            <Typography variant="body2">
              {visit.estimator_name ?? translate('crm.appointments.no_estimator')}
              {visit.address ? ` · ${visit.address}` : ''}
            </Typography>
            {ACTIVE.includes(visit.status) && !visit.client_in_telegram && (
              <Alert severity="warning" sx={{ mt: 0.5, py: 0 }}>
                {translate('crm.appointments.client_not_in_telegram')}
              </Alert>
            )}
            {ACTIVE.includes(visit.status) && visit.estimator_id && !visit.estimator_in_telegram && (
              <Alert severity="info" sx={{ mt: 0.5, py: 0 }}>
                {translate('crm.appointments.estimator_not_in_telegram')}
              </Alert>
            )}
            {ACTIVE.includes(visit.status) && (
              <Box sx={{ mt: 0.5 }}>
                <Button size="small" onClick={() => setDialog({ visit })}>
                  {translate('crm.appointments.move')}
                </Button>
                <Button size="small" color="error" onClick={() => cancel(visit)}>
                  {translate('crm.appointments.cancel')}
                </Button>
              </Box>
            )}
          </Box>
        ))}
      </Stack>
      {dialog && (
        <BookVisitDialog
          open
          lead={lead}
          visit={dialog.visit}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            notify(dialog.visit ? 'crm.appointments.moved' : 'crm.appointments.booked', { type: 'success' });
            void refetch();
          }}
        />
      )}
    </Box>
  );
}
