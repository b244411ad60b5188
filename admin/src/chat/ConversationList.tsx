import { Avatar, Badge, Box, Chip, List, ListItemAvatar, ListItemButton, ListItemText, Typography } from '@mui/material';
import GroupsIcon from '@mui/icons-material/Groups';
import { useLocaleState, useTranslate } from 'react-admin';
import type { Chat } from '../providers/dataProvider';
import { usePipeline } from '../leads/usePipeline';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('') || '?';

function preview(chat: Chat, translate: (key: string) => string) {
  const last = chat.last_message;
  if (!last) return '';
  const prefix = last.direction === 'outbound' ? `${translate('crm.chat.you')}: ` : '';
  const body =
    last.content ||
    (last.kind === 'voice'
      ? translate('crm.chat.voice')
      : last.kind === 'photo' || last.kind === 'album'
        ? translate('crm.chat.photo')
        : translate('crm.chat.document'));
  return prefix + body;
}

export function ConversationList({
  chats,
  selected,
  onSelect,
  empty,
}: {
  chats: Chat[];
  selected: string | null;
  onSelect: (id: string) => void;
  empty: string;
}) {
  const translate = useTranslate();
  const { stageName } = usePipeline();
  const [locale] = useLocaleState();
  const time = (value: string | null) => {
    if (!value) return '';
    const date = new Date(value);
    return date.toDateString() === new Date().toDateString()
      ? date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
      : date.toLocaleDateString(locale, { day: 'numeric', month: 'short' });
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', minWidth: 0 }}>
      {chats.length === 0 && (
        <Typography color="text.secondary" sx={{ p: 2 }} variant="body2" data-testid="inbox-empty">
          {empty}
        </Typography>
      )}
      <List dense data-testid="conversation-list">
        {chats.map((chat) => (
          <ListItemButton
            key={chat.id}
            selected={chat.id === selected}
            onClick={() => onSelect(chat.id)}
            data-testid={`conversation-${chat.id}`}
            data-state={chat.state}
          >
            <ListItemAvatar>
              <Badge color="error" badgeContent={chat.unread_count} data-testid="unread">
                <Avatar sx={{ bgcolor: chat.needs_manager ? 'secondary.main' : chat.group ? 'info.main' : 'primary.main' }}>
                  {chat.group ? <GroupsIcon fontSize="small" /> : initials(chat.person.name)}
                </Avatar>
              </Badge>
            </ListItemAvatar>
            <ListItemText
              sx={{ minWidth: 0 }}
              primary={
                <Box sx={{ display: 'flex', gap: 1 }}>
                  <Typography variant="body2" fontWeight={chat.unread_count ? 700 : 500} noWrap sx={{ flex: 1 }}>
                    {chat.person.name || `#${chat.id}`}
                  </Typography>
                  <Typography variant="caption" color="text.secondary">
                    {time(chat.last_message_at)}
                  </Typography>
                </Box>
              }
              secondary={
                <Box component="span" sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                  <Typography component="span" variant="caption" noWrap sx={{ flex: 1 }}>
                    {preview(chat, translate)}
                  </Typography>
                  {chat.group && (
                    <Chip
                      component="span"
                      size="small"
                      color="info"
                      variant="outlined"
                      label={translate('crm.groups.chip')}
                      sx={{ height: 18, fontSize: 11 }}
                    />
                  )}
                  {chat.labels.map((l) => (
                    <Box
                      key={l.id}
                      component="span"
                      title={l.name}
                      data-testid="chat-label-dot"
                      sx={{ width: 8, height: 8, borderRadius: '50%', bgcolor: l.color, flex: 'none' }}
                    />
                  ))}
                  {chat.status && <Chip component="span" size="small" label={stageName(chat.status, 'one')} sx={{ height: 18, fontSize: 11, maxWidth: 96 }} />}
                </Box>
              }
              slotProps={{ secondary: { component: 'div' } }}
            />
          </ListItemButton>
        ))}
      </List>
    </Box>
  );
}
