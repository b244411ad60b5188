import type { UserRecord } from '@crm/contracts';
import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField } from '@mui/material';
import { useCreate, useGetList, useTranslate, useUpdate } from 'react-admin';
import { DURATIONS, SLOT_TIMES, tomorrow, type Appointment } from './slots';

interface Props {
  lead: { id: number; address?: string | null; name?: string };
  /** A visit to move instead of booking a new one. */
  visit?: Appointment | null;
  open: boolean;
  onClose: () => void;
  onSaved: (visit: Appointment) => void;
}

/**
 * Books (or moves) a measurement visit: a date and a time slot on the firm's clock, an estimator
 * (staff or a worker) and the address. The server decides: a busy estimator or a slot in the past
 * comes back under its field.
 */
export function BookVisitDialog({ lead, visit, open, onClose, onSaved }: Props) {
  const translate = useTranslate();
  const [values, setValues] = useState(() => ({
    date: visit?.date ?? tomorrow(),
    time: visit?.time ?? '10:00',
    duration_minutes: visit?.duration_minutes ?? 60,
    estimator_id: visit?.estimator_id ?? ('' as number | ''),
    address: visit?.address ?? lead.address ?? '',
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const { data: people = [] } = useGetList<UserRecord>('users', {
    filter: { role: ['admin', 'manager', 'worker'], is_active: true },
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'name', order: 'ASC' },
  });
  const [create, { isPending: creating }] = useCreate<Appointment>();
  const [update, { isPending: updating }] = useUpdate<Appointment>();
  const set = (change: Partial<typeof values>) => setValues((v) => ({ ...v, ...change }));
  const save = () => {
    const data = { ...values, lead_id: lead.id, estimator_id: values.estimator_id === '' ? null : values.estimator_id };
    const options = {
      onSuccess: (saved: Appointment) => {
        setErrors({});
        setFailure(null);
        onSaved(saved);
      },
      onError: (error: unknown) => {
        const body = (error as { body?: { errors?: Record<string, string> } }).body;
        setErrors(body?.errors ?? {});
        setFailure((error as Error).message);
      },
    };
    if (visit) update('appointments', { id: visit.id, data: { ...visit, ...data }, previousData: visit }, options);
    else create('appointments', { data }, options);
  };
  const error = (field: string) => errors[field] ?? (field === 'date' ? errors.starts_at : undefined);
  return (
    <Dialog open={open} onClose={onClose} maxWidth="xs" fullWidth data-testid="book-visit-dialog">
      <DialogTitle>{translate(visit ? 'crm.appointments.move_title' : 'crm.appointments.book_title', { name: lead.name ?? '' })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          {failure && <Alert severity="error">{failure}</Alert>}
          <Stack direction="row" spacing={1}>
            <TextField
              type="date"
              label={translate('resources.appointments.fields.date')}
              value={values.date}
              onChange={(e) => set({ date: e.target.value })}
              error={Boolean(error('date'))}
              helperText={error('date')}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'visit-date' } }}
              sx={{ flex: 1 }}
            />
            <TextField
              select
              label={translate('resources.appointments.fields.time')}
              value={values.time}
              onChange={(e) => set({ time: e.target.value })}
              error={Boolean(error('time'))}
              helperText={error('time')}
              slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'visit-time' } as never } }}
              sx={{ width: 110 }}
            >
              {SLOT_TIMES.map((t) => (
                <MenuItem key={t} value={t}>
                  {t}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              label={translate('resources.appointments.fields.duration_minutes')}
              value={values.duration_minutes}
              onChange={(e) => set({ duration_minutes: Number(e.target.value) })}
              sx={{ width: 110 }}
            >
              {DURATIONS.map((d) => (
                <MenuItem key={d} value={d}>
                  {translate('crm.appointments.minutes', { n: d })}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
          <TextField
            select
            label={translate('resources.appointments.fields.estimator_id')}
            value={values.estimator_id}
            onChange={(e) => set({ estimator_id: e.target.value === '' ? '' : Number(e.target.value) })}
            error={Boolean(error('estimator_id'))}
            helperText={error('estimator_id') ?? translate('crm.appointments.estimator_help')}
            slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'visit-estimator' } as never } }}
          >
            <MenuItem value="">{translate('crm.appointments.no_estimator')}</MenuItem>
            {people.map((p) => (
              <MenuItem key={p.id} value={p.id}>
                {p.name} · {translate(`crm.role.${p.role}`)}
                {p.telegram_linked ? '' : ` · ${translate('crm.appointments.no_telegram')}`}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label={translate('resources.appointments.fields.address')}
            value={values.address}
            onChange={(e) => set({ address: e.target.value })}
            error={Boolean(error('address'))}
            helperText={error('address')}
            slotProps={{ htmlInput: { 'data-testid': 'visit-address' } }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={creating || updating || !values.date} data-testid="visit-save">
          {translate(visit ? 'crm.appointments.move' : 'crm.appointments.book')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
