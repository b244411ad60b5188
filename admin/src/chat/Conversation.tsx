import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Box, Button, CircularProgress, Typography } from '@mui/material';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import { useEvents } from '../events/EventStream';
import type { Chat, ChatMessage, CrmDataProvider } from '../providers/dataProvider';
import { MessageBubble } from './MessageBubble';
import { ReplyBox } from './ReplyBox';

const PAGE = 30;

/**
 * Inserts or replaces messages by id and keeps the thread in chronological order. The stream may
 * bring a newer state (sent) before the reply's own answer (queued) arrives, so the newest wins.
 */
function merge(current: ChatMessage[], incoming: ChatMessage[]) {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const message of incoming) {
    const known = byId.get(message.id);
    if (!known || new Date(message.updated_at).getTime() >= new Date(known.updated_at).getTime()) byId.set(message.id, message);
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

export function Conversation({ chat, onRead }: { chat: Chat; onRead: () => void }) {
  const dataProvider = useDataProvider<CrmDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setMessages([]);
    stickToBottom.current = true;
    dataProvider.getChatMessages(chat.id, { limit: PAGE }).then((page) => {
      if (cancelled) return;
      setMessages(merge([], page.data));
      setNextBefore(page.next_before);
      setLoading(false);
      if (chat.unread_count > 0) dataProvider.markChatRead(chat.id).then(onRead, () => {});
    }, (error) => {
      if (!cancelled) notify((error as Error).message, { type: 'error' });
      setLoading(false);
    });
    return () => { cancelled = true; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chat.id]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages]);

  useEvents((event) => {
    if ((event.type === 'message.created' || event.type === 'message.updated') && event.conversation_id === chat.id) {
      const el = scroller.current;
      stickToBottom.current = !el || el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      setMessages((current) => merge(current, [event.message]));
      if (event.type === 'message.created' && event.message.direction === 'inbound') dataProvider.markChatRead(chat.id).then(onRead, () => {});
    }
  });

  const loadOlder = async () => {
    if (!nextBefore) return;
    const el = scroller.current;
    const fromBottom = el ? el.scrollHeight - el.scrollTop : 0;
    stickToBottom.current = false;
    const page = await dataProvider.getChatMessages(chat.id, { before: nextBefore, limit: PAGE });
    setMessages((current) => merge(current, page.data));
    setNextBefore(page.next_before);
    requestAnimationFrame(() => { if (el) el.scrollTop = el.scrollHeight - fromBottom; });
  };

  const send = async (text: string, files: File[]) => {
    try {
      stickToBottom.current = true;
      const message = await dataProvider.sendChatMessage(chat.id, { text, files });
      setMessages((current) => merge(current, [message]));
      return true;
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
      return false;
    }
  };

  const act = (call: (messageId: number) => Promise<ChatMessage>) => async (messageId: number) => {
    try {
      const message = await call(messageId);
      setMessages((current) => merge(current, [message]));
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };
  const resend = act((id) => dataProvider.resendChatMessage(chat.id, id));
  const retryMedia = act((id) => dataProvider.retryChatMedia(chat.id, id));

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <Box sx={{ px: 2, py: 1, borderBottom: 1, borderColor: 'divider', bgcolor: 'background.paper' }}>
        <Typography variant="subtitle1" fontWeight={600}>{chat.person.name}</Typography>
        <Typography variant="caption" color="text.secondary">
          {[chat.person.username && `@${chat.person.username}`, chat.person.phone, chat.unreachable && translate('crm.delivery.blocked')].filter(Boolean).join(' · ')}
        </Typography>
      </Box>
      <Box ref={scroller} sx={{ flex: 1, overflowY: 'auto', p: 2, bgcolor: '#eef1ec' }} data-testid="thread"
        onScroll={(e) => { const el = e.currentTarget; if (el.scrollTop < 40 && nextBefore && !loading) void loadOlder(); }}>
        {nextBefore && <Box sx={{ textAlign: 'center', mb: 1 }}><Button size="small" onClick={loadOlder}>{translate('crm.chat.older')}</Button></Box>}
        {loading && <Box sx={{ textAlign: 'center' }}><CircularProgress size={24} /></Box>}
        {!loading && messages.length === 0 && <Typography color="text.secondary" align="center">{translate('crm.chat.no_messages')}</Typography>}
        {messages.map((message) => <MessageBubble key={message.id} message={message} onResend={resend} onRetryMedia={retryMedia} />)}
      </Box>
      <ReplyBox onSend={send} disabled={chat.unreachable} />
    </Box>
  );
}
