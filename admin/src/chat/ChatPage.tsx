import { useEffect, useState } from 'react';
import { Box, Chip, Paper, Typography } from '@mui/material';
import { Title, useDataProvider, useNotify, useTranslate } from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import { useEvents, useEventsConnected } from '../events/EventStream';
import type { Chat, CrmDataProvider } from '../providers/dataProvider';
import { Conversation } from './Conversation';
import { ConversationList } from './ConversationList';
import { PersonCard } from './PersonCard';

const byRecent = (a: Chat, b: Chat) => (b.last_message_at ?? '').localeCompare(a.last_message_at ?? '');

/** The messenger: conversations | the open thread | the person's card, kept live by the event stream. */
export function ChatPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const connected = useEventsConnected();
  const [params, setParams] = useSearchParams();
  const [chats, setChats] = useState<Chat[]>([]);
  const [q, setQ] = useState('');
  const [reload, setReload] = useState(0);
  const selectedId = params.get('c') ?? (params.get('lead') ? `lead-${params.get('lead')}` : null);
  const [selected, setSelected] = useState<Chat | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => {
      dataProvider.getChats({ q }).then(setChats, (error) => notify('crm.chat.unavailable', { type: 'error', messageArgs: { error: (error as Error).message } }));
    }, q ? 250 : 0);
    return () => clearTimeout(timer);
  }, [q, reload, dataProvider, notify]);

  useEffect(() => {
    if (!selectedId) return setSelected(null);
    const inList = chats.find((c) => c.id === selectedId);
    if (inList) setSelected(inList);
    else if (selected?.id !== selectedId) dataProvider.getChat(selectedId).then(setSelected, () => setSelected(null));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId, chats]);

  const upsert = (chat: Chat) => setChats((current) => [chat, ...current.filter((c) => c.id !== chat.id)].sort(byRecent));

  useEvents((event) => {
    if (event.type === 'ready') setReload((n) => n + 1);
    if ((event.type === 'message.created' || event.type === 'message.updated' || event.type === 'lead.updated') && event.conversation) {
      const chat = event.conversation;
      if (chat.id === selectedId && event.type === 'message.created') upsert({ ...chat, unread_count: 0 });
      else upsert(chat);
    }
  });

  return (
    <Box sx={{ mt: 1 }}>
      <Title title={translate('crm.chat.title')} />
      <Paper sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '300px 1fr 300px' }, height: 'calc(100vh - 90px)', overflow: 'hidden' }}>
        <Box sx={{ borderRight: 1, borderColor: 'divider', minHeight: 0, display: 'flex', flexDirection: 'column' }}>
          <Box sx={{ px: 1, pt: 1, display: 'flex', justifyContent: 'flex-end' }}>
            <Chip size="small" color={connected ? 'success' : 'default'} variant="outlined" label={translate(connected ? 'crm.chat.live' : 'crm.chat.offline')} data-testid="live" data-connected={connected} />
          </Box>
          <Box sx={{ flex: 1, minHeight: 0 }}>
            <ConversationList chats={chats} selected={selectedId} onSelect={(id) => setParams({ c: id })} q={q} setQ={setQ} />
          </Box>
        </Box>
        <Box sx={{ minHeight: 0 }}>
          {selected ? <Conversation key={selected.id} chat={selected} onRead={() => upsert({ ...selected, unread_count: 0 })} />
            : <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'center', height: '100%' }}><Typography color="text.secondary">{translate('crm.chat.pick')}</Typography></Box>}
        </Box>
        <Box sx={{ borderLeft: 1, borderColor: 'divider', minHeight: 0, display: { xs: 'none', md: 'block' } }}>
          {selected && <PersonCard key={selected.id} chat={selected} onChange={upsert} />}
        </Box>
      </Paper>
    </Box>
  );
}
