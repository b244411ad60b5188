import { useEffect, useState } from 'react';
import { DragDropContext, type OnDragEndResponder } from '@hello-pangea/dnd';
import { useQuery } from '@tanstack/react-query';
import { Box } from '@mui/material';
import { useDataProvider, useListContext, useNotify, useRefresh } from 'react-admin';
import type { CrmDataProvider } from '../providers/dataProvider';
import { CLIENT_STATUSES, WonPrompt } from '../people/WonPrompt';
import { LeadColumn } from './LeadColumn';
import { applyMove, groupByStatus, LEAD_STATUSES, serverPosition, type Lead, type LeadStatus } from './statuses';

/** The Kanban board: one server call per drop, shown at once and rolled back if the server refuses. */
export function LeadKanban() {
  const { data, isPending, filterValues } = useListContext<Lead>();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [columns, setColumns] = useState(() => groupByStatus(data ?? []));
  const { data: totals = [] } = useQuery({
    queryKey: ['leads', 'totals', filterValues],
    queryFn: () => dataProvider.getLeadTotals(filterValues),
  });
  const [prompt, setPrompt] = useState<{ lead: Lead; status: LeadStatus } | null>(null);

  useEffect(() => {
    if (data) setColumns(groupByStatus(data));
  }, [data]);

  const onDragEnd: OnDragEndResponder = async ({ source, destination, draggableId }) => {
    if (!destination) return;
    if (source.droppableId === destination.droppableId && source.index === destination.index) return;
    const to = destination.droppableId as LeadStatus;
    const lead = columns[source.droppableId as LeadStatus][source.index];
    if (!lead || String(lead.id) !== draggableId) return;
    const before = columns;
    const position = serverPosition(columns[to], destination.index, lead);
    setColumns(applyMove(columns, lead.id, to, destination.index));
    try {
      await dataProvider.moveLead(lead.id, { status: to, position });
      refresh();
      if (to !== source.droppableId && CLIENT_STATUSES.includes(to) && !lead.client_id) setPrompt({ lead, status: to });
    } catch (error) {
      setColumns(before);
      notify('crm.leads.move_failed', { type: 'error', messageArgs: { error: (error as Error).message } });
    }
  };

  if (isPending) return null;
  return (
    <DragDropContext onDragEnd={onDragEnd}>
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', gap: 1, py: 1, minHeight: 'calc(100vh - 200px)' }}>
        {LEAD_STATUSES.map((status) => <LeadColumn key={status} status={status} leads={columns[status]} total={totals.find((t) => t.status === status)} />)}
      </Box>
      <WonPrompt lead={prompt?.lead ?? null} status={prompt?.status ?? 'won'} onClose={() => setPrompt(null)} />
    </DragDropContext>
  );
}
