import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, TextField } from '@mui/material';
import { useCreate, useNotify, useTranslate, useUpdate } from 'react-admin';
import { useMe } from '../common/useMe';
import { useManagers } from '../users/managers';
import type { CrmTask } from '../providers/crmCardMethods';

/** A local date and time an hour from now on the organization's clock, as a datetime-local input wants it. */
function inAnHour(timeZone: string) {
  const parts = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(
    new Date(Date.now() + 3_600_000),
  );
  return parts.replace(' ', 'T');
}

/** New task or changes to one: title, due time on the organization's clock, assignee. */
export function TaskDialog({
  open,
  onClose,
  task,
  leadId,
  projectId,
}: {
  open: boolean;
  onClose: () => void;
  task?: CrmTask | null;
  leadId?: number;
  projectId?: number;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const { user, organization } = useMe();
  const zone = organization?.timezone ?? 'UTC';
  const staff = useManagers();
  const [create] = useCreate();
  const [update] = useUpdate();
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [assignee, setAssignee] = useState<number | ''>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!open) return;
    setTitle(task?.title ?? '');
    setDue(task?.due_local ?? inAnHour(zone));
    setAssignee(task ? (task.assignee_id ?? '') : (user?.id ?? ''));
    setErrors({});
  }, [open, task, zone, user?.id]);

  const save = async () => {
    const data = {
      title,
      due_local: due,
      assignee_id: assignee === '' ? null : assignee,
      ...(task ? {} : { lead_id: leadId ?? null, project_id: projectId ?? null }),
    };
    const options = {
      returnPromise: true as const,
      onSuccess: () => undefined,
    };
    try {
      if (task) await update('tasks', { id: task.id, data, previousData: task }, { ...options, mutationMode: 'pessimistic' });
      else await create('tasks', { data }, options);
      await queryClient.invalidateQueries({ queryKey: ['tasks'] });
      if (leadId ?? task?.lead_id) await queryClient.invalidateQueries({ queryKey: ['leads', leadId ?? task?.lead_id] });
      notify(task ? 'crm.tasks.saved' : 'crm.tasks.created', { type: 'success' });
      onClose();
    } catch (error) {
      const fields = (error as { body?: { fields?: Record<string, { message?: string }> } }).body?.fields ?? {};
      setErrors(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v?.message ?? ''])));
      if (!Object.keys(fields).length) notify((error as Error).message, { type: 'error' });
    }
  };

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="xs" data-testid="task-dialog">
      <DialogTitle>{translate(task ? 'crm.tasks.edit' : 'crm.tasks.new')}</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
        <TextField
          label={translate('crm.tasks.title_field')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          required
          autoFocus
          error={Boolean(errors.title)}
          helperText={errors.title}
          inputProps={{ 'data-testid': 'task-title' }}
        />
        <TextField
          label={translate('crm.tasks.due')}
          type="datetime-local"
          value={due}
          onChange={(e) => setDue(e.target.value)}
          required
          error={Boolean(errors.due_local)}
          helperText={errors.due_local || translate('crm.tasks.zone', { zone })}
          slotProps={{ inputLabel: { shrink: true } }}
          inputProps={{ 'data-testid': 'task-due' }}
        />
        <TextField
          select
          label={translate('crm.tasks.assignee')}
          value={assignee}
          onChange={(e) => setAssignee(e.target.value === '' ? '' : Number(e.target.value))}
          error={Boolean(errors.assignee_id)}
          helperText={errors.assignee_id}
        >
          {staff.map((u) => (
            <MenuItem key={u.id} value={u.id}>
              {u.name}
            </MenuItem>
          ))}
        </TextField>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={!title.trim() || !due} data-testid="task-save">
          {translate('ra.action.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
