import { useEffect, useState } from 'react';
import { Box, Drawer, Paper, Typography, useMediaQuery, useTheme } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { Title, useDataProvider, useNotify, useTranslate } from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../common/useMe';
import { useEvents } from '../events/EventStream';
import type { Chat, CrmDataProvider } from '../providers/dataProvider';
import { Conversation } from './Conversation';
import { InboxPane } from './InboxPane';
import { inboxFilter, inInbox, isInboxTab, type InboxView } from './inbox';
import { PersonCard } from './PersonCard';
import { CHAT_COUNTS_KEY, useChatCounts, useChatTitle } from './useChatCounts';

const byRecent = (a: Chat, b: Chat) => (b.last_message_at ?? '').localeCompare(a.last_message_at ?? '');

/**
 * The messenger: the inbox (tabs, labels, search) | the open thread | the person's card, kept live by
 * the event stream. On a phone it shows the inbox or the thread, and the card as a drawer.
 */
export function ChatPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<CrmDataProvider>();
  const queryClient = useQueryClient();
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'));
  const cardHidden = useMediaQuery(theme.breakpoints.down('md'));
  const { user } = useMe();
  const counts = useChatCounts();
  useChatTitle(counts?.unread ?? 0);
  const [params, setParams] = useSearchParams();
  const [chats, setChats] = useState<Chat[]>([]);
  const [q, setQ] = useState('');
  const [reload, setReload] = useState(0);
  const [cardOpen, setCardOpen] = useState(false);
  const tabParam = params.get('tab');
  const view: InboxView = {
    tab: isInboxTab(tabParam) ? tabParam : 'all',
    me: user ? Number(user.id) : null,
    labelId: params.get('label') ? Number(params.get('label')) : null,
  };
  const selectedId = params.get('c') ?? (params.get('lead') ? `lead-${params.get('lead')}` : null);
  const focusMessage = params.get('m') ? Number(params.get('m')) : null;
  const [selected, setSelected] = useState<Chat | null>(null);

  const go = (change: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    if ('c' in change) next.delete('lead');
    setParams(next);
  };

  const filterKey = JSON.stringify(inboxFilter(view));
  useEffect(() => {
    // Only the answer for the tab and search now on screen is shown: an earlier request that answers
    // late (a reload on reconnect, the previous tab) is dropped.
    let current = true;
    const timer = setTimeout(
      () => {
        dataProvider.getChats({ q, filter: JSON.parse(filterKey) }).then(
          (rows) => {
            if (current) setChats(rows);
          },
          (error) => {
            if (current) notify('crm.chat.unavailable', { type: 'error', messageArgs: { error: (error as Error).message } });
          },
        );
      },
      q ? 250 : 0,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [q, reload, filterKey, dataProvider, notify]);

  useEffect(() => {
    if (!selectedId) return setSelected(null);
    const inList = chats.find((c) => c.id === selectedId);
    if (inList) setSelected(inList);
    else if (selected?.id !== selectedId) dataProvider.getChat(selectedId).then(setSelected, () => setSelected(null));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId, chats]);

  /** A conversation as it now is: in the list when it belongs to the tab, out of it when it no longer does. */
  const apply = (chat: Chat) => {
    setSelected((current) => (current?.id === chat.id ? chat : current));
    setChats((current) => {
      const rest = current.filter((c) => c.id !== chat.id);
      return inInbox(chat, view) ? [chat, ...rest].sort(byRecent) : rest;
    });
  };
  // Read marks answer after other events may have changed the conversation: only the counter is touched.
  const read = (id: string) => {
    const unread = (c: Chat) => (c.id === id ? { ...c, unread_count: 0 } : c);
    setSelected((current) => current && unread(current));
    setChats((current) => current.map(unread).filter((c) => inInbox(c, view)));
    void queryClient.invalidateQueries({ queryKey: CHAT_COUNTS_KEY });
  };
  const changed = (chat: Chat) => {
    apply(chat);
    void queryClient.invalidateQueries({ queryKey: CHAT_COUNTS_KEY });
  };

  useEvents((event) => {
    if (event.type === 'ready') setReload((n) => n + 1);
    if (
      (event.type === 'message.created' || event.type === 'message.updated' || event.type === 'lead.updated' || event.type === 'conversation.updated') &&
      event.conversation
    ) {
      const chat = event.conversation;
      apply(chat.id === selectedId && event.type === 'message.created' ? { ...chat, unread_count: 0 } : chat);
    }
  });

  const card = selected && <PersonCard key={selected.id} chat={selected} onChange={changed} />;
  const showList = !phone || !selected;
  const showThread = !phone || Boolean(selected);
  return (
    <Box sx={{ mt: { xs: 0, sm: 1 }, minWidth: 0 }}>
      <Title title={translate('crm.chat.title')} />
      <Paper
        data-testid="chat-page"
        data-layout={phone ? 'phone' : 'wide'}
        sx={{
          display: 'grid',
          gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: '300px minmax(0, 1fr) 300px' },
          height: { xs: 'calc(100dvh - 64px)', sm: 'calc(100vh - 90px)' },
          overflow: 'hidden',
        }}
      >
        {showList && (
          <Box sx={{ borderRight: { sm: 1 }, borderColor: { sm: 'divider' }, minHeight: 0, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
            <InboxPane
              chats={chats}
              view={view}
              counts={counts}
              selected={selectedId}
              q={q}
              setQ={setQ}
              onTab={(tab) => go({ tab })}
              onLabel={(id) => go({ label: id ? String(id) : null })}
              onSelect={(id, messageId) => go({ c: id, m: messageId ? String(messageId) : null })}
            />
          </Box>
        )}
        {showThread && (
          <Box sx={{ minHeight: 0, minWidth: 0 }}>
            {selected ? (
              <Conversation
                key={selected.id}
                chat={selected}
                focusMessage={focusMessage}
                onChange={changed}
                onRead={() => read(selected.id)}
                onBack={phone ? () => go({ c: null, m: null }) : undefined}
                onShowCard={cardHidden ? () => setCardOpen(true) : undefined}
              />
            ) : (
              <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'center', height: '100%' }}>
                <Typography color="text.secondary">{translate('crm.chat.pick')}</Typography>
              </Box>
            )}
          </Box>
        )}
        {!cardHidden && <Box sx={{ borderLeft: 1, borderColor: 'divider', minHeight: 0 }}>{card}</Box>}
      </Paper>
      {cardHidden && (
        <Drawer
          anchor="right"
          open={cardOpen && Boolean(selected)}
          onClose={() => setCardOpen(false)}
          slotProps={{ paper: { sx: { width: { xs: '88vw', sm: 360 }, maxWidth: 360 }, 'data-testid': 'person-drawer' } as object }}
        >
          {card}
        </Drawer>
      )}
    </Box>
  );
}
