import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Box, Card, CardContent, List, Typography } from '@mui/material';
import { Title, useDataProvider, useTranslate } from 'react-admin';
import type { CrmDataProvider } from '../providers/dataProvider';
import type { CrmTask } from '../providers/crmCardMethods';
import { useEvents } from '../events/EventStream';
import { TaskDialog } from './TaskDialog';
import { TaskRow } from './TaskRow';

const GROUPS = ['overdue', 'today', 'upcoming'] as const;

/** The signed-in manager's open tasks: overdue, today and upcoming on the organization's calendar. */
export function MyTasksPage() {
  const translate = useTranslate();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [editing, setEditing] = useState<CrmTask | null>(null);
  // Under `tasks`, so any task change and every reminder (a notification) refreshes it.
  const { data, refetch } = useQuery({ queryKey: ['tasks', 'mine'], queryFn: () => dataProvider.getMyTasks() });
  useEvents((event) => {
    if (event.type === 'notification.created') void refetch();
  });
  const empty = data && GROUPS.every((g) => data[g].length === 0);
  return (
    <Box sx={{ maxWidth: 900, mt: 1 }} data-testid="my-tasks">
      <Title title={translate('crm.tasks.mine')} />
      {empty && (
        <Card>
          <CardContent>
            <Typography color="text.secondary">{translate('crm.tasks.empty')}</Typography>
          </CardContent>
        </Card>
      )}
      {data &&
        !empty &&
        GROUPS.map((group) => (
          <Card key={group} sx={{ mb: 2 }} data-testid={`tasks-${group}`}>
            <CardContent>
              <Typography variant="subtitle1" color={group === 'overdue' && data[group].length ? 'error' : undefined}>
                {translate(`crm.tasks.${group}`)} ({data[group].length})
              </Typography>
              {data[group].length === 0 && (
                <Typography variant="body2" color="text.secondary">
                  {translate('crm.tasks.nothing')}
                </Typography>
              )}
              <List dense disablePadding>
                {data[group].map((task) => (
                  <TaskRow key={task.id} task={task} onEdit={setEditing} showSubject />
                ))}
              </List>
            </CardContent>
          </Card>
        ))}
      <TaskDialog open={editing !== null} task={editing} onClose={() => setEditing(null)} />
    </Box>
  );
}
