import { useState } from 'react';
import { Box, Button, List, Typography } from '@mui/material';
import AddTaskIcon from '@mui/icons-material/AddTask';
import { useGetList, useTranslate } from 'react-admin';
import type { CrmTask } from '../providers/crmCardMethods';
import { TaskDialog } from './TaskDialog';
import { TaskRow } from './TaskRow';

/**
 * A lead's or a project's tasks, open ones first by due time; "Add task" opens the task form. The
 * reminder comes when a task is due, in the back office and in the assignee's Telegram.
 */
export function TasksPanel({ leadId, projectId }: { leadId?: number; projectId?: number }) {
  const translate = useTranslate();
  const [editing, setEditing] = useState<CrmTask | null | 'new'>(null);
  const filter = leadId ? { lead_id: leadId } : { project_id: projectId };
  const { data = [], isPending } = useGetList<CrmTask>('tasks', { filter, sort: { field: 'due_at', order: 'ASC' }, pagination: { page: 1, perPage: 100 } });
  const tasks = [...data.filter((t) => !t.done), ...data.filter((t) => t.done)];
  return (
    <Box data-testid={leadId ? 'lead-tasks' : 'project-tasks'}>
      <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography variant="subtitle2">{translate('crm.tasks.title')}</Typography>
        <Button size="small" startIcon={<AddTaskIcon />} onClick={() => setEditing('new')} data-testid="add-task">
          {translate('crm.tasks.add')}
        </Button>
      </Box>
      {!isPending && tasks.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          {translate(leadId ? 'crm.tasks.none_on_lead' : 'crm.tasks.none_on_project')}
        </Typography>
      )}
      <List dense disablePadding>
        {tasks.map((task) => (
          <TaskRow key={task.id} task={task} onEdit={setEditing} />
        ))}
      </List>
      <TaskDialog open={editing !== null} task={editing === 'new' ? null : editing} leadId={leadId} projectId={projectId} onClose={() => setEditing(null)} />
    </Box>
  );
}
