import { useMemo, useState } from 'react';
import { DragDropContext, type OnDragEndResponder } from '@hello-pangea/dnd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Box, FormControlLabel, Switch } from '@mui/material';
import { useDataProvider, useListContext, useNotify, useStore, useTranslate } from 'react-admin';
import type { CrmDataProvider } from '../providers/dataProvider';
import { usePhone } from '../common/usePhone';
import { WonPrompt } from '../people/WonPrompt';
import { BookVisitDialog } from '../appointments/BookVisitDialog';
import { LeadColumn } from './LeadColumn';
import { StatusSwitcher } from './StatusSwitcher';
import { CLOSED_WINDOW_DAYS, LEAD_STATUSES, serverPosition, type Lead, type LeadStatus } from './statuses';
import { columnKey, pagesOf, totalsKey, type BoardFilter, type ColumnData } from './useLeadColumn';
import { usePipeline } from './usePipeline';
import { useLostReasonPrompt } from './card/useLostReasonPrompt';
import { useLeadMove } from './useLeadMove';

/**
 * The Kanban board: each column pages on its own and the server counts and sums every column. A drop is
 * one server call, shown at once and rolled back if the server refuses; other managers' moves arrive
 * through the event stream, which refetches every `leads` query. On a phone one column shows at a
 * time, picked with tabs, and cards move with their "Move to" menu.
 */
export function LeadKanban() {
  const { filterValues } = useListContext<Lead>();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const translate = useTranslate();
  const phone = usePhone();
  const [allClosed, setAllClosed] = useStore('leads.board.all_closed', false);
  const [shown, setShown] = useStore<LeadStatus>('leads.board.phone_column', 'new');
  const filter: BoardFilter = useMemo(() => ({ ...filterValues, ...(allClosed ? {} : { closed_within_days: CLOSED_WINDOW_DAYS }) }), [filterValues, allClosed]);
  const { data: totals = [] } = useQuery({ queryKey: totalsKey(filter), queryFn: () => dataProvider.getLeadTotals(filter) });
  const [prompt, setPrompt] = useState<{ lead: Lead; status: LeadStatus } | null>(null);
  const { visible, stageName } = usePipeline();
  // A drop on "lost" waits for the reason; cancelling puts the card back.
  const lostReason = useLostReasonPrompt();
  // A card dropped on Measurement books the visit first; cancelling leaves the card where it was.
  const [booking, setBooking] = useState<{ lead: Lead; position: number } | null>(null);
  const move = useLeadMove(filter, lostReason.ask);

  const onDragEnd: OnDragEndResponder = async ({ source, destination, draggableId }) => {
    if (!destination) return;
    if (source.droppableId === destination.droppableId && source.index === destination.index) return;
    const from = source.droppableId as LeadStatus;
    const to = destination.droppableId as LeadStatus;
    const lead = pagesOf(queryClient.getQueryData<ColumnData>(columnKey(from, filter))).flat()[source.index];
    if (!lead || String(lead.id) !== draggableId) return;
    if (to === 'measurement' && from !== 'measurement') {
      return setBooking({
        lead,
        position: serverPosition(pagesOf(queryClient.getQueryData<ColumnData>(columnKey(to, filter))).flat(), destination.index, lead),
      });
    }
    if ((await move(lead, from, to, destination.index)).promptClient) setPrompt({ lead, status: to });
  };
  const moveTo = async (lead: Lead, to: LeadStatus) => {
    if (to === 'measurement' && lead.status !== 'measurement') return setBooking({ lead, position: 0 });
    const { moved, promptClient } = await move(lead, lead.status, to, 0);
    if (moved) notify('crm.leads.moved_to', { type: 'info', messageArgs: { name: lead.name || `#${lead.id}`, status: stageName(to, 'one') } });
    if (promptClient) setPrompt({ lead, status: to });
  };

  const totalOf = (status: LeadStatus) => totals.find((t) => t.status === status);
  return (
    <DragDropContext onDragEnd={onDragEnd}>
      <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
        <FormControlLabel
          label={translate('crm.leads.all_closed', { days: CLOSED_WINDOW_DAYS })}
          control={<Switch size="small" checked={allClosed} onChange={(event) => setAllClosed(event.target.checked)} data-testid="all-closed" />}
        />
      </Box>
      {phone ? (
        <>
          <StatusSwitcher value={visible.includes(shown) ? shown : visible[0]!} onChange={setShown} totals={totals} statuses={visible} />
          <Box sx={{ display: 'flex', height: 'calc(100vh - 260px)', minHeight: 320 }}>
            <LeadColumn key={shown} status={visible.includes(shown) ? shown : visible[0]!} filter={filter} total={totalOf(shown)} onMove={moveTo} />
          </Box>
        </>
      ) : (
        <Box
          sx={{
            display: 'grid',
            gridTemplateColumns: `repeat(${visible.length}, minmax(0, 1fr))`,
            gap: 1,
            pb: 1,
            height: 'calc(100vh - 220px)',
            minHeight: 360,
          }}
        >
          {LEAD_STATUSES.filter((status) => visible.includes(status)).map((status) => (
            <LeadColumn key={status} status={status} filter={filter} total={totalOf(status)} />
          ))}
        </Box>
      )}
      {lostReason.dialog}
      <WonPrompt lead={prompt?.lead ?? null} status={prompt?.status ?? 'won'} onClose={() => setPrompt(null)} />
      {booking && (
        <BookVisitDialog
          open
          lead={booking.lead}
          onClose={() => setBooking(null)}
          onSaved={async () => {
            const { lead, position } = booking;
            setBooking(null);
            // Booking moves a new or qualified lead itself; a lead further along is moved back here.
            if (!['new', 'qualified'].includes(lead.status)) {
              await dataProvider
                .moveLead(lead.id, { status: 'measurement', position })
                .catch((error: unknown) => notify('crm.leads.move_failed', { type: 'error', messageArgs: { error: (error as Error).message } }));
            }
            notify('crm.appointments.booked', { type: 'success' });
            void queryClient.invalidateQueries({ queryKey: ['leads'] });
          }}
        />
      )}
    </DragDropContext>
  );
}
