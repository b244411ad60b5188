import { Droppable } from '@hello-pangea/dnd';
import { Box, Paper, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useMoneyFormat } from '../common/money';
import type { LeadColumnTotal } from '../providers/dataProvider';
import { LeadCard } from './LeadCard';
import type { Lead, LeadStatus } from './statuses';

export function LeadColumn({ status, leads, total }: { status: LeadStatus; leads: Lead[]; total?: LeadColumnTotal }) {
  const translate = useTranslate();
  const money = useMoneyFormat();
  return (
    <Paper variant="outlined" data-testid={`column-${status}`} sx={{ minWidth: 0, display: 'flex', flexDirection: 'column', bgcolor: 'grey.50' }}>
      <Box sx={{ p: 1, borderBottom: 1, borderColor: 'divider' }}>
        <Typography variant="subtitle2">
          {translate(`crm.lead_status.${status}`)} <Box component="span" data-testid={`count-${status}`} sx={{ color: 'text.secondary' }}>({leads.length})</Box>
        </Typography>
        {/* Budgets per currency, summed by the server for the whole column (not only the cards loaded). */}
        <Typography variant="caption" color="text.secondary" data-testid={`total-${status}`}>
          {total?.budgets.length ? total.budgets.map((b) => money(b.amount, b.currency)).join(' + ') : money('0')}
        </Typography>
      </Box>
      <Droppable droppableId={status}>
        {(provided, snapshot) => (
          <Box ref={provided.innerRef} {...provided.droppableProps}
            sx={{ flex: 1, p: 1, minHeight: 120, borderRadius: 1, bgcolor: snapshot.isDraggingOver ? 'action.hover' : undefined }}>
            {leads.map((lead, index) => <LeadCard key={lead.id} lead={lead} index={index} />)}
            {provided.placeholder}
            {leads.length === 0 && !snapshot.isDraggingOver && (
              <Typography variant="caption" color="text.disabled" sx={{ display: 'block', textAlign: 'center', mt: 2 }}>
                {translate('crm.leads.empty_column')}
              </Typography>
            )}
          </Box>
        )}
      </Droppable>
    </Paper>
  );
}
