import type { UIEvent } from 'react';
import { Droppable } from '@hello-pangea/dnd';
import { Box, Button, CircularProgress, Paper, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useMoneyFormat } from '../common/money';
import type { LeadColumnTotal } from '../providers/dataProvider';
import { LeadCard } from './LeadCard';
import type { Lead, LeadStatus } from './statuses';
import { pagesOf, useLeadColumn, type BoardFilter } from './useLeadColumn';
import { usePipeline } from './usePipeline';

/** One column: its count and money come from the server for the whole column; cards load as it scrolls. */
export function LeadColumn({
  status,
  filter,
  total,
  onMove,
}: {
  status: LeadStatus;
  filter: BoardFilter;
  total?: LeadColumnTotal;
  onMove?: (lead: Lead, to: LeadStatus) => void;
}) {
  const translate = useTranslate();
  const money = useMoneyFormat();
  const { stageName } = usePipeline();
  const { data, isPending, hasNextPage, isFetchingNextPage, fetchNextPage } = useLeadColumn(status, filter);
  const leads = pagesOf(data).flat();
  const more = () => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  };
  const onScroll = (event: UIEvent<HTMLElement>) => {
    const el = event.currentTarget;
    if (el.scrollTop + el.clientHeight >= el.scrollHeight - 300) more();
  };
  return (
    <Paper
      variant="outlined"
      data-testid={`column-${status}`}
      sx={{ flex: 1, minWidth: 0, minHeight: 0, display: 'flex', flexDirection: 'column', bgcolor: 'grey.50' }}
    >
      <Box sx={{ p: 1, borderBottom: 1, borderColor: 'divider' }}>
        <Typography variant="subtitle2" data-testid={`column-title-${status}`}>
          {stageName(status, 'many')}{' '}
          <Box component="span" data-testid={`count-${status}`} sx={{ color: 'text.secondary' }}>
            ({total?.count ?? leads.length})
          </Box>
        </Typography>
        <Typography variant="caption" color="text.secondary" data-testid={`total-${status}`}>
          {total?.budgets.length ? total.budgets.map((b) => money(b.amount, b.currency)).join(' + ') : money('0')}
        </Typography>
      </Box>
      <Droppable droppableId={status}>
        {(provided, snapshot) => (
          <Box
            ref={provided.innerRef}
            {...provided.droppableProps}
            onScroll={onScroll}
            data-testid={`column-body-${status}`}
            sx={{ flex: 1, minHeight: 120, overflowY: 'auto', p: 1, borderRadius: 1, bgcolor: snapshot.isDraggingOver ? 'action.hover' : undefined }}
          >
            {leads.map((lead, index) => (
              <LeadCard key={lead.id} lead={lead} index={index} onMove={onMove} />
            ))}
            {provided.placeholder}
            {isPending && (
              <Box sx={{ textAlign: 'center', mt: 2 }}>
                <CircularProgress size={20} />
              </Box>
            )}
            {!isPending && leads.length === 0 && !snapshot.isDraggingOver && (
              <Typography variant="caption" color="text.disabled" sx={{ display: 'block', textAlign: 'center', mt: 2 }}>
                {translate('crm.leads.empty_column')}
              </Typography>
            )}
            {hasNextPage && (
              <Button size="small" fullWidth onClick={more} disabled={isFetchingNextPage} data-testid={`column-more-${status}`}>
                {isFetchingNextPage
                  ? translate('crm.leads.loading_more')
                  : translate('crm.leads.show_more', { count: Math.max(0, (total?.count ?? 0) - leads.length) })}
              </Button>
            )}
          </Box>
        )}
      </Droppable>
    </Paper>
  );
}
