import { useQueryClient } from '@tanstack/react-query';
import { Box, Checkbox, IconButton, ListItem, ListItemText, Tooltip, Typography } from '@mui/material';
import EditIcon from '@mui/icons-material/Edit';
import { useLocaleState, useNotify, useTranslate, useUpdate } from 'react-admin';
import { Link } from 'react-router-dom';
import type { CrmTask } from '../providers/crmCardMethods';

/** "15:30, 1 Dec": a task's due time as the organization's clock shows it (no conversion in the browser). */
function useDueLabel() {
  const [locale] = useLocaleState();
  return (dueLocal: string) => {
    const [date, time] = dueLocal.split('T');
    const [y, m, d] = date.split('-').map(Number);
    const day = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    return `${time}, ${day}`;
  };
}

export function TaskRow({ task, onEdit, showSubject }: { task: CrmTask; onEdit: (task: CrmTask) => void; showSubject?: boolean }) {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const due = useDueLabel();
  const [update] = useUpdate();
  const toggle = async () => {
    try {
      await update('tasks', { id: task.id, data: { done: !task.done }, previousData: task }, { mutationMode: 'pessimistic', returnPromise: true });
      await queryClient.invalidateQueries({ queryKey: ['tasks'] });
      if (task.lead_id) await queryClient.invalidateQueries({ queryKey: ['leads', task.lead_id] });
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };
  const subject =
    showSubject &&
    (task.lead_id ? (
      <Link to={`/leads/${task.lead_id}`}>{task.lead_name ?? `#${task.lead_id}`}</Link>
    ) : task.project_id ? (
      <Link to={`/projects/${task.project_id}/show`}>{task.project_name ?? `#${task.project_id}`}</Link>
    ) : null);
  return (
    <ListItem
      disableGutters
      data-testid={`task-${task.id}`}
      data-done={task.done}
      secondaryAction={
        <Tooltip title={translate('crm.tasks.edit')}>
          <IconButton edge="end" size="small" onClick={() => onEdit(task)}>
            <EditIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      }
    >
      <Checkbox
        checked={task.done}
        onChange={toggle}
        size="small"
        inputProps={{ 'aria-label': translate('crm.tasks.done') }}
        data-testid={`task-done-${task.id}`}
      />
      <ListItemText
        primary={
          <Typography variant="body2" sx={{ textDecoration: task.done ? 'line-through' : undefined }}>
            {task.title}
          </Typography>
        }
        secondary={
          <Box component="span" sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
            <Typography component="span" variant="caption" color={task.overdue ? 'error' : 'text.secondary'} data-testid="task-due-label">
              {due(task.due_local)}
              {task.overdue ? ` · ${translate('crm.tasks.overdue_one')}` : ''}
            </Typography>
            {task.assignee_name && (
              <Typography component="span" variant="caption" color="text.secondary">
                {task.assignee_name}
              </Typography>
            )}
            {subject && (
              <Typography component="span" variant="caption">
                {subject}
              </Typography>
            )}
          </Box>
        }
      />
    </ListItem>
  );
}
