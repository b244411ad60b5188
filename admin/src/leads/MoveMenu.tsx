import { useState } from 'react';
import { IconButton, ListItemIcon, Menu, MenuItem } from '@mui/material';
import DriveFileMoveIcon from '@mui/icons-material/DriveFileMove';
import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import { useTranslate } from 'react-admin';
import type { Lead, LeadStatus } from './statuses';
import { usePipeline } from './usePipeline';

/** "Move to…" on a card: where dragging is awkward (a phone), a lead changes stage in two taps. */
export function MoveMenu({ lead, onMove }: { lead: Lead; onMove: (lead: Lead, to: LeadStatus) => void }) {
  const translate = useTranslate();
  const { visible, stageName } = usePipeline();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <IconButton size="small" aria-label={translate('crm.leads.move_to')} data-testid={`move-${lead.id}`} onClick={(event) => setAnchor(event.currentTarget)}>
        <DriveFileMoveIcon fontSize="small" />
      </IconButton>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {visible
          .filter((status) => status !== lead.status)
          .map((status) => (
            <MenuItem
              key={status}
              data-testid={`move-to-${status}`}
              onClick={() => {
                setAnchor(null);
                onMove(lead, status);
              }}
            >
              <ListItemIcon>
                <ArrowForwardIcon fontSize="small" />
              </ListItemIcon>
              {translate('crm.leads.move_to_status', { status: stageName(status, 'one') })}
            </MenuItem>
          ))}
      </Menu>
    </>
  );
}
