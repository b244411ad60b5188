import { useState } from 'react';
import { Box, Button, List, Typography } from '@mui/material';
import AddTaskIcon from '@mui/icons-material/AddTask';
import { useGetList, useTranslate } from 'react-admin';
import type { CrmTask } from '../../providers/crmCardMethods';
import { TaskDialog } from '../../tasks/TaskDialog';
import { TaskRow } from '../../tasks/TaskRow';

/** The lead's tasks, open ones first by due time; "Add task" opens the task form. */
export function LeadTasks({ leadId }: { leadId: number }) {
  const translate = useTranslate();
  const [editing, setEditing] = useState<CrmTask | null | 'new'>(null);
  const { data = [] } = useGetList<CrmTask>('tasks', { filter: { lead_id: leadId }, sort: { field: 'due_at', order: 'ASC' }, pagination: { page: 1, perPage: 100 } });
  const tasks = [...data.filter((t) => !t.done), ...data.filter((t) => t.done)];
  return (
    <Box data-testid="lead-tasks">
      <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography variant="subtitle2">{translate('crm.tasks.title')}</Typography>
        <Button size="small" startIcon={<AddTaskIcon />} onClick={() => setEditing('new')} data-testid="add-task">{translate('crm.tasks.add')}</Button>
      </Box>
      {tasks.length === 0 && <Typography variant="body2" color="text.secondary">{translate('crm.tasks.none_on_lead')}</Typography>}
      <List dense disablePadding>
        {tasks.map((task) => <TaskRow key={task.id} task={task} onEdit={setEditing} />)}
      </List>
      <TaskDialog open={editing !== null} task={editing === 'new' ? null : editing} leadId={leadId} onClose={() => setEditing(null)} />
    </Box>
  );
}
