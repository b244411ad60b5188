import type { ChangeRequestRecord, ProjectRecord } from '@crm/contracts';
import { useState } from 'react';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import SendIcon from '@mui/icons-material/Send';
import {
  RecordContextProvider,
  ReferenceField,
  TextField as RaTextField,
  useCreate,
  useDataProvider,
  useGetList,
  useLocaleState,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { EnumField } from '../common/EnumField';
import { useMoneyFormat } from '../common/money';
import type { CrmDataProvider } from '../providers/dataProvider';
import { ChangeOrderDialog } from './ChangeOrderDialog';

function NewChangeRequest({ projectId, onClose }: { projectId: number; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [create, { isPending }] = useCreate();
  const [values, setValues] = useState({ title: '', amount: '', description: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (field: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) => setValues({ ...values, [field]: e.target.value });
  const save = () =>
    create(
      'change-requests',
      { data: { project_id: projectId, ...values } },
      {
        onSuccess: () => {
          notify('ra.notification.created', { type: 'success', messageArgs: { smart_count: 1 } });
          onClose();
        },
        onError: (error) => {
          setErrors((error as { body?: { errors?: Record<string, string> } }).body?.errors ?? {});
          notify((error as Error).message, { type: 'error' });
        },
      },
    );
  const label = (field: string) => translate(`resources.change-requests.fields.${field}`);
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate('crm.projects.new_change_request')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField
            name="title"
            label={label('title')}
            value={values.title}
            onChange={set('title')}
            error={!!errors.title}
            helperText={errors.title}
            required
            autoFocus
          />
          <TextField
            name="amount"
            label={label('amount')}
            value={values.amount}
            onChange={set('amount')}
            error={!!errors.amount}
            helperText={errors.amount ?? '25000.00'}
            required
          />
          <TextField name="description" label={label('description')} value={values.description} onChange={set('description')} multiline minRows={3} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={isPending || !values.title.trim() || !values.amount.trim()}>
          {translate('ra.action.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export function ChangeRequestsPanel() {
  const project = useRecordContext<ProjectRecord>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const money = useMoneyFormat();
  const [locale] = useLocaleState();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [open, setOpen] = useState(false);
  const [fromEstimate, setFromEstimate] = useState(false);
  const { data: requests = [], isPending } = useGetList<ChangeRequestRecord>(
    'change-requests',
    {
      filter: { project_id: project?.id },
      sort: { field: 'created_at', order: 'DESC' },
      pagination: { page: 1, perPage: 100 },
    },
    { enabled: Boolean(project) },
  );
  if (!project) return null;
  const date = (value: string) => new Date(value).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const decide = async (id: number, decision: 'approved' | 'rejected') => {
    try {
      await dataProvider.decideChangeRequest(id, decision);
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };
  const send = async (id: number) => {
    try {
      await dataProvider.sendChangeRequest(id);
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };
  return (
    <Box sx={{ maxWidth: 860 }}>
      <Stack direction="row" spacing={1} sx={{ mb: 2 }}>
        <Button startIcon={<AddIcon />} variant="outlined" onClick={() => setFromEstimate(true)}>
          {translate('crm.change_orders.from_estimate')}
        </Button>
        <Button startIcon={<AddIcon />} onClick={() => setOpen(true)}>
          {translate('crm.projects.new_change_request')}
        </Button>
      </Stack>
      {open && <NewChangeRequest projectId={project.id as number} onClose={() => setOpen(false)} />}
      {fromEstimate && (
        <ChangeOrderDialog
          projectId={project.id as number}
          onClose={() => {
            setFromEstimate(false);
            refresh();
          }}
        />
      )}
      {!isPending && requests.length === 0 && <Typography color="text.secondary">{translate('crm.projects.no_change_requests')}</Typography>}
      {requests.map((cr) => (
        <RecordContextProvider key={cr.id} value={cr}>
          <Box data-testid="change-request" sx={{ p: 1.5, mb: 1, border: 1, borderColor: 'divider', borderRadius: 2 }}>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
              <Typography fontWeight={600} sx={{ flex: 1 }}>
                {cr.title}
              </Typography>
              <Typography>{money(cr.amount)}</Typography>
              <EnumField source="status" group="change_request_status" />
            </Box>
            {cr.description && (
              <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'pre-wrap' }}>
                {cr.description}
              </Typography>
            )}
            {cr.lines.map((line, i) => (
              <Typography key={i} variant="body2" data-testid="change-request-line" sx={{ display: 'flex', gap: 1 }}>
                <span style={{ minWidth: 90 }}>{translate(`crm.change_orders.action.${line.action}`)}</span>
                <span style={{ flex: 1 }}>
                  {line.name} ({line.section_name})
                  {line.action === 'change'
                    ? `: ${Number(line.old_quantity)} → ${Number(line.new_quantity)} ${line.unit}, ${money(line.old_unit_price)} → ${money(line.new_unit_price)}`
                    : ''}
                </span>
                <span>{money(line.delta)}</span>
              </Typography>
            ))}
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mt: 0.5 }}>
              {cr.status === 'pending' && cr.sent_at && <Typography variant="caption">{translate('crm.projects.sent', { date: date(cr.sent_at) })}</Typography>}
              {cr.status === 'pending' && !cr.sent_at && (
                <Button size="small" startIcon={<SendIcon />} onClick={() => send(cr.id)}>
                  {translate('crm.projects.send_to_client')}
                </Button>
              )}
              {cr.status === 'pending' && (
                <Button size="small" onClick={() => decide(cr.id, 'approved')}>
                  {translate('crm.change_orders.approve')}
                </Button>
              )}
              {cr.status === 'pending' && (
                <Button size="small" color="error" onClick={() => decide(cr.id, 'rejected')}>
                  {translate('crm.change_orders.decline')}
                </Button>
              )}
              {cr.status !== 'pending' && cr.decided_at && (
                <Typography variant="caption">
                  {translate(`crm.change_request_status.${cr.status}`)}:{' '}
                  <ReferenceField source="decided_by" reference="users" link={false} emptyText="—">
                    <RaTextField source="name" variant="caption" />
                  </ReferenceField>
                  , {date(cr.decided_at)}
                </Typography>
              )}
            </Box>
          </Box>
        </RecordContextProvider>
      ))}
    </Box>
  );
}
