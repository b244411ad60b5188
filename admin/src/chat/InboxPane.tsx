import type { ChatLabelRecord } from '@crm/contracts';
import { useEffect, useState } from 'react';
import { Box, Chip, List, ListItemButton, ListItemText, ListSubheader, MenuItem, Tab, Tabs, TextField, Typography } from '@mui/material';
import { useDataProvider, useGetList, useTranslate } from 'react-admin';
import { useEventsConnected } from '../events/EventStream';
import type { Chat, ChatCounts, CrmDataProvider, MessageHit } from '../providers/dataProvider';
import { ConversationList } from './ConversationList';
import { countOf, INBOX_TABS, type InboxTab, type InboxView } from './inbox';

/** Message texts matching the search box (server-side), each opening its conversation at the message. */
function MessageHits({ q, onSelect }: { q: string; onSelect: (conversationId: string, messageId: number) => void }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const [hits, setHits] = useState<MessageHit[]>([]);
  useEffect(() => {
    if (q.trim().length < 2) return setHits([]);
    const timer = setTimeout(() => {
      dataProvider.searchChatMessages(q.trim()).then(setHits, () => setHits([]));
    }, 300);
    return () => clearTimeout(timer);
  }, [q, dataProvider]);
  if (q.trim().length < 2) return null;
  return (
    <List
      dense
      data-testid="message-hits"
      subheader={
        <ListSubheader disableSticky sx={{ lineHeight: '32px' }}>
          {translate('crm.inbox.in_messages')}
        </ListSubheader>
      }
    >
      {hits.length === 0 && (
        <Typography variant="caption" color="text.secondary" sx={{ px: 2 }}>
          {translate('crm.inbox.no_hits')}
        </Typography>
      )}
      {hits.map((hit) => (
        <ListItemButton key={hit.message_id} onClick={() => onSelect(hit.conversation_id, hit.message_id)} data-testid="message-hit">
          <ListItemText
            primary={hit.conversation_name}
            secondary={hit.snippet}
            slotProps={{ primary: { noWrap: true, variant: 'body2' }, secondary: { sx: { overflowWrap: 'anywhere' } } }}
          />
        </ListItemButton>
      ))}
    </List>
  );
}

/** The inbox column: live state, search, the tabs with their counts, the label filter and the conversations. */
export function InboxPane({
  chats,
  view,
  counts,
  selected,
  q,
  setQ,
  onTab,
  onLabel,
  onSelect,
}: {
  chats: Chat[];
  view: InboxView;
  counts: ChatCounts | undefined;
  selected: string | null;
  q: string;
  setQ: (q: string) => void;
  onTab: (tab: InboxTab) => void;
  onLabel: (id: number | null) => void;
  onSelect: (id: string, messageId?: number) => void;
}) {
  const translate = useTranslate();
  const connected = useEventsConnected();
  const { data: labels = [] } = useGetList<ChatLabelRecord>('chat-labels', {
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'name', order: 'ASC' },
  });
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', minWidth: 0 }}>
      <Box sx={{ px: 1, pt: 1, display: 'flex', gap: 1, alignItems: 'center' }}>
        <TextField size="small" fullWidth placeholder={translate('crm.chat.search')} value={q} onChange={(e) => setQ(e.target.value)} name="chat-search" />
        <Chip
          size="small"
          color={connected ? 'success' : 'default'}
          variant="outlined"
          label={translate(connected ? 'crm.chat.live' : 'crm.chat.offline')}
          data-testid="live"
          data-connected={connected}
        />
      </Box>
      <Tabs value={view.tab} onChange={(_, tab: InboxTab) => onTab(tab)} variant="scrollable" scrollButtons={false} sx={{ minHeight: 40, px: 0.5 }}>
        {INBOX_TABS.map((tab) => (
          <Tab
            key={tab}
            value={tab}
            data-testid={`inbox-tab-${tab}`}
            data-count={countOf(counts, tab)}
            sx={{ minHeight: 40, minWidth: 0, px: 1.25, textTransform: 'none' }}
            label={
              <Box component="span" sx={{ display: 'flex', gap: 0.5, alignItems: 'center' }}>
                {translate(`crm.inbox.tabs.${tab}`)}
                <Chip
                  component="span"
                  size="small"
                  label={countOf(counts, tab)}
                  color={tab !== 'resolved' && tab !== 'all' && countOf(counts, tab) > 0 ? 'primary' : 'default'}
                  sx={{ height: 18, fontSize: 11 }}
                />
              </Box>
            }
          />
        ))}
      </Tabs>
      {labels.length > 0 && (
        <Box sx={{ px: 1, pb: 0.5 }}>
          <TextField
            select
            size="small"
            fullWidth
            value={view.labelId ?? ''}
            onChange={(e) => onLabel(e.target.value === '' ? null : Number(e.target.value))}
            label={translate('crm.inbox.label_filter')}
            slotProps={{ htmlInput: { 'data-testid': 'label-filter' } }}
          >
            <MenuItem value="">{translate('crm.inbox.any_label')}</MenuItem>
            {labels.map((l) => (
              <MenuItem key={l.id} value={l.id}>
                <Box component="span" sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: l.color, mr: 1, display: 'inline-block' }} />
                {l.name}
              </MenuItem>
            ))}
          </TextField>
        </Box>
      )}
      <Box sx={{ flex: 1, minHeight: 0, overflowY: 'auto' }}>
        <ConversationList
          chats={chats}
          selected={selected}
          onSelect={(id) => onSelect(id)}
          empty={translate(q ? 'crm.inbox.no_match' : `crm.inbox.empty.${view.tab}`)}
        />
        <MessageHits q={q} onSelect={onSelect} />
      </Box>
    </Box>
  );
}
