import { Draggable } from '@hello-pangea/dnd';
import { Badge, Box, Card, CardActionArea, Chip, Tooltip, Typography } from '@mui/material';
import ScheduleIcon from '@mui/icons-material/Schedule';
import WhatshotIcon from '@mui/icons-material/Whatshot';
import { useCreatePath, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { useMoneyFormat } from '../common/money';
import { useMe } from '../common/useMe';
import { MoveMenu } from './MoveMenu';
import { isStale, type Lead, type LeadStatus } from './statuses';

export function LeadCard({ lead, index, onMove }: { lead: Lead; index: number; onMove?: (lead: Lead, to: LeadStatus) => void }) {
  const translate = useTranslate();
  const money = useMoneyFormat();
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const { organization } = useMe();
  const staleDays = organization?.stale_lead_days ?? 3;
  const stale = isStale(lead, staleDays);
  return (
    <Draggable draggableId={String(lead.id)} index={index} disableInteractiveElementBlocking>
      {(provided, snapshot) => (
        <Box ref={provided.innerRef} {...provided.draggableProps} {...provided.dragHandleProps} sx={{ mb: 1 }} data-testid={`lead-card-${lead.id}`}>
          <Card
            elevation={snapshot.isDragging ? 6 : 1}
            sx={{ display: 'flex', alignItems: 'flex-start', borderLeft: 3, borderLeftColor: stale ? 'warning.main' : 'transparent' }}
          >
            <CardActionArea onClick={() => navigate(createPath({ resource: 'leads', id: lead.id, type: 'edit' }))} sx={{ p: 1, flex: 1, minWidth: 0 }}>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
                <Badge color="error" badgeContent={lead.unread_count} sx={{ flex: 1, minWidth: 0 }}>
                  <Typography variant="body2" fontWeight={600} noWrap>
                    {lead.name || `#${lead.id}`}
                  </Typography>
                </Badge>
                {(lead.hotness ?? 0) >= 70 && (
                  <Tooltip title={translate('crm.leads.hot')}>
                    <WhatshotIcon fontSize="small" color="error" />
                  </Tooltip>
                )}
                {stale && (
                  <Tooltip title={translate('crm.leads.stale', { days: staleDays })}>
                    <ScheduleIcon fontSize="small" color="warning" data-testid="stale" />
                  </Tooltip>
                )}
              </Box>
              <Typography variant="caption" color="text.secondary" component="div">
                {[lead.work_type && translate(`crm.work_type.${lead.work_type}`), lead.area_m2 && `${Number(lead.area_m2)} m²`].filter(Boolean).join(' · ')}
              </Typography>
              <Box sx={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', alignItems: 'center', gap: 0.5, mt: 0.5 }}>
                <Typography variant="body2" noWrap>
                  {lead.budget_amount ? money(lead.budget_amount) : ''}
                </Typography>
                <Chip size="small" label={lead.source} variant="outlined" sx={{ maxWidth: '100%', height: 20, fontSize: 11 }} />
              </Box>
            </CardActionArea>
            {onMove && <MoveMenu lead={lead} onMove={onMove} />}
          </Card>
        </Box>
      )}
    </Draggable>
  );
}
