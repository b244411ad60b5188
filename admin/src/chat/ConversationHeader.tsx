import type { ChatLabelRecord } from '@crm/contracts';
import { useState } from 'react';
import { Box, Button, Checkbox, Chip, Divider, IconButton, ListItemIcon, ListItemText, Menu, MenuItem, TextField, Tooltip, Typography } from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutline';
import InfoOutlinedIcon from '@mui/icons-material/InfoOutlined';
import LabelOutlinedIcon from '@mui/icons-material/LabelOutlined';
import ReplayIcon from '@mui/icons-material/Replay';
import { useDataProvider, useGetList, useNotify, useTranslate } from 'react-admin';
import { useManagers } from '../users/managers';
import type { Chat, CrmDataProvider } from '../providers/dataProvider';
import { LabelsDialog } from './LabelsDialog';

/** The labels on the conversation: a menu of the organization's labels to tick, and their manager. */
function LabelsMenu({ chat, onChange }: { chat: Chat; onChange: (chat: Chat) => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [managing, setManaging] = useState(false);
  const { data: labels = [] } = useGetList<ChatLabelRecord>('chat-labels', {
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'name', order: 'ASC' },
  });
  const on = new Set(chat.labels.map((l) => l.id));
  const toggle = (id: number) => {
    const ids = on.has(id) ? [...on].filter((x) => x !== id) : [...on, id];
    dataProvider.setChatLabels(chat.id, ids).then(onChange, (error) => notify((error as Error).message, { type: 'error' }));
  };
  return (
    <>
      <Tooltip title={translate('crm.inbox.labels')}>
        <IconButton size="small" onClick={(e) => setAnchor(e.currentTarget)} aria-label={translate('crm.inbox.labels')} data-testid="labels-button">
          <LabelOutlinedIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        {labels.length === 0 && <MenuItem disabled>{translate('crm.inbox.no_labels')}</MenuItem>}
        {labels.map((l) => (
          <MenuItem key={l.id} onClick={() => toggle(l.id)} data-testid="label-option">
            <ListItemIcon>
              <Checkbox size="small" edge="start" checked={on.has(l.id)} sx={{ p: 0, color: l.color, '&.Mui-checked': { color: l.color } }} />
            </ListItemIcon>
            <ListItemText>{l.name}</ListItemText>
          </MenuItem>
        ))}
        <Divider />
        <MenuItem
          onClick={() => {
            setAnchor(null);
            setManaging(true);
          }}
        >
          {translate('crm.inbox.manage_labels')}
        </MenuItem>
      </Menu>
      <LabelsDialog open={managing} onClose={() => setManaging(false)} />
    </>
  );
}

/** The thread's header: back (phone), who it is, its labels, who answers it, resolve or reopen, the card (when hidden). */
export function ConversationHeader({
  chat,
  onChange,
  onBack,
  onShowCard,
}: {
  chat: Chat;
  onChange: (chat: Chat) => void;
  onBack?: () => void;
  onShowCard?: () => void;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const managers = useManagers();
  const fail = (error: unknown) => notify((error as Error).message, { type: 'error' });
  const resolved = chat.state === 'resolved';
  return (
    <Box sx={{ px: { xs: 1, sm: 2 }, py: 1, borderBottom: 1, borderColor: 'divider', bgcolor: 'background.paper', minWidth: 0 }} data-testid="thread-header">
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, minWidth: 0 }}>
        {onBack && (
          <IconButton size="small" onClick={onBack} aria-label={translate('crm.inbox.back')} data-testid="thread-back">
            <ArrowBackIcon />
          </IconButton>
        )}
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Typography variant="subtitle1" fontWeight={600} noWrap>
            {chat.person.name}
          </Typography>
          <Typography variant="caption" color="text.secondary" noWrap component="div">
            {[chat.person.username && `@${chat.person.username}`, chat.person.phone, chat.unreachable && translate('crm.delivery.blocked')]
              .filter(Boolean)
              .join(' · ')}
          </Typography>
        </Box>
        {onShowCard && (
          <IconButton size="small" onClick={onShowCard} aria-label={translate('crm.inbox.card')} data-testid="show-card">
            <InfoOutlinedIcon />
          </IconButton>
        )}
      </Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', mt: 0.5 }}>
        {chat.group ? (
          <Typography variant="caption" color="text.secondary">
            {translate('crm.groups.manager_of_project')}
            {chat.manager ? `: ${chat.manager.name}` : ''}
          </Typography>
        ) : (
          <TextField
            select
            size="small"
            value={chat.manager_id ?? ''}
            label={translate('crm.chat.manager')}
            sx={{ minWidth: 150, maxWidth: 220, flex: '1 1 150px' }}
            slotProps={{ htmlInput: { 'data-testid': 'assign-select' } }}
            onChange={(e) => dataProvider.assignChat(chat.id, e.target.value === '' ? null : Number(e.target.value)).then(onChange, fail)}
          >
            <MenuItem value="">{translate('crm.inbox.nobody')}</MenuItem>
            {managers.map((m) => (
              <MenuItem key={m.id} value={m.id}>
                {m.name}
              </MenuItem>
            ))}
          </TextField>
        )}
        <LabelsMenu chat={chat} onChange={onChange} />
        {chat.labels.map((l) => (
          <Chip key={l.id} size="small" label={l.name} data-testid="chat-label" sx={{ bgcolor: l.color, color: '#fff', maxWidth: 120 }} />
        ))}
        <Box sx={{ flex: 1 }} />
        <Button
          size="small"
          variant={resolved ? 'outlined' : 'contained'}
          color={resolved ? 'primary' : 'success'}
          data-testid={resolved ? 'reopen' : 'resolve'}
          startIcon={resolved ? <ReplayIcon /> : <CheckCircleOutlineIcon />}
          onClick={() => dataProvider.resolveChat(chat.id, !resolved).then(onChange, fail)}
        >
          {translate(resolved ? 'crm.inbox.reopen' : 'crm.inbox.resolve')}
        </Button>
      </Box>
    </Box>
  );
}
