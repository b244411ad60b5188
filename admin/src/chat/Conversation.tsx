import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Box, Button, CircularProgress, Typography } from '@mui/material';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import { useEvents } from '../events/EventStream';
import type { Chat, ChatMessage, ChatNote, CrmDataProvider } from '../providers/dataProvider';
import { ConversationHeader } from './ConversationHeader';
import { MessageBubble } from './MessageBubble';
import { NoteBubble } from './NoteBubble';
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

const mergeNotes = (current: ChatNote[], incoming: ChatNote[]) => [...new Map([...current, ...incoming].map((n) => [n.id, n])).values()];

/** Messages and notes in the order they were written. */
type Item = { at: string; key: string; message?: ChatMessage; note?: ChatNote };
const timeline = (messages: ChatMessage[], notes: ChatNote[]): Item[] =>
  [...messages.map((m) => ({ at: m.created_at, key: `m${m.id}`, message: m })), ...notes.map((n) => ({ at: n.created_at, key: `n${n.id}`, note: n }))].sort(
    (a, b) => new Date(a.at).getTime() - new Date(b.at).getTime(),
  );

// How far back a search result is looked for before giving up (pages of PAGE messages).
const MAX_JUMP_PAGES = 30;

export function Conversation({
  chat,
  onRead,
  onChange,
  onBack,
  onShowCard,
  focusMessage,
}: {
  chat: Chat;
  onRead: () => void;
  onChange: (chat: Chat) => void;
  onBack?: () => void;
  onShowCard?: () => void;
  focusMessage?: number | null;
}) {
  const dataProvider = useDataProvider<CrmDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [notes, setNotes] = useState<ChatNote[]>([]);
  const [replyTo, setReplyTo] = useState<ChatMessage | null>(null);
  const [highlight, setHighlight] = useState<number | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setMessages([]);
    stickToBottom.current = true;
    setNotes([]);
    (async () => {
      let page = await dataProvider.getChatMessages(chat.id, { limit: PAGE });
      let loaded = page.data;
      let loadedNotes = page.notes ?? [];
      // A search result opens the thread at its message: earlier pages are read until it is there.
      for (let i = 0; focusMessage && page.next_before && !loaded.some((m) => m.message_ids.includes(focusMessage)) && i < MAX_JUMP_PAGES; i += 1) {
        page = await dataProvider.getChatMessages(chat.id, { before: page.next_before, limit: PAGE });
        loaded = [...loaded, ...page.data];
        loadedNotes = [...loadedNotes, ...(page.notes ?? [])];
      }
      return { loaded, loadedNotes, next: page.next_before };
    })().then(
      ({ loaded, loadedNotes, next }) => {
        if (cancelled) return;
        setMessages(merge([], loaded));
        setNotes(mergeNotes([], loadedNotes));
        setNextBefore(next);
        setLoading(false);
        const target = focusMessage ? loaded.find((m) => m.message_ids.includes(focusMessage)) : undefined;
        if (target) {
          stickToBottom.current = false;
          setHighlight(target.id);
          requestAnimationFrame(() => document.getElementById(`message-${target.id}`)?.scrollIntoView({ block: 'center' }));
          setTimeout(() => setHighlight(null), 4000);
        }
        if (chat.unread_count > 0) dataProvider.markChatRead(chat.id).then(onRead, () => {});
      },
      (error) => {
        if (!cancelled) notify((error as Error).message, { type: 'error' });
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chat.id, focusMessage]);

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
    if (event.type === 'note.created' && event.conversation_id === chat.id) {
      const el = scroller.current;
      stickToBottom.current = !el || el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      setNotes((current) => mergeNotes(current, [event.note]));
    }
  });

  const loadOlder = async () => {
    if (!nextBefore) return;
    const el = scroller.current;
    const fromBottom = el ? el.scrollHeight - el.scrollTop : 0;
    stickToBottom.current = false;
    const page = await dataProvider.getChatMessages(chat.id, { before: nextBefore, limit: PAGE });
    setMessages((current) => merge(current, page.data));
    setNotes((current) => mergeNotes(current, page.notes ?? []));
    setNextBefore(page.next_before);
    requestAnimationFrame(() => {
      if (el) el.scrollTop = el.scrollHeight - fromBottom;
    });
  };

  const send = async (text: string, files: File[]) => {
    try {
      stickToBottom.current = true;
      const message = await dataProvider.sendChatMessage(chat.id, { text, files, replyToId: replyTo?.id ?? null });
      setMessages((current) => merge(current, [message]));
      setReplyTo(null);
      return true;
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
      return false;
    }
  };

  const addNote = async (text: string) => {
    try {
      stickToBottom.current = true;
      const note = await dataProvider.addChatNote(chat.id, text);
      setNotes((current) => mergeNotes(current, [note]));
      return true;
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
      return false;
    }
  };
  const openQuote = (id: number) => {
    const target = messages.find((m) => m.message_ids.includes(id));
    if (!target) return;
    setHighlight(target.id);
    document.getElementById(`message-${target.id}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    setTimeout(() => setHighlight(null), 2500);
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
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', minWidth: 0 }}>
      <ConversationHeader chat={chat} onChange={onChange} onBack={onBack} onShowCard={onShowCard} />
      <Box
        ref={scroller}
        sx={{ flex: 1, overflowY: 'auto', overflowX: 'hidden', p: { xs: 1, sm: 2 }, bgcolor: '#eef1ec' }}
        data-testid="thread"
        onScroll={(e) => {
          const el = e.currentTarget;
          if (el.scrollTop < 40 && nextBefore && !loading) void loadOlder();
        }}
      >
        {nextBefore && (
          <Box sx={{ textAlign: 'center', mb: 1 }}>
            <Button size="small" onClick={loadOlder}>
              {translate('crm.chat.older')}
            </Button>
          </Box>
        )}
        {loading && (
          <Box sx={{ textAlign: 'center' }}>
            <CircularProgress size={24} />
          </Box>
        )}
        {!loading && messages.length === 0 && notes.length === 0 && (
          <Typography color="text.secondary" align="center">
            {translate('crm.chat.no_messages')}
          </Typography>
        )}
        {timeline(messages, notes).map((item) =>
          item.note ? (
            <NoteBubble key={item.key} note={item.note} />
          ) : (
            <MessageBubble
              key={item.key}
              message={item.message!}
              onResend={resend}
              onRetryMedia={retryMedia}
              onReply={setReplyTo}
              onOpenQuote={openQuote}
              highlighted={highlight === item.message!.id}
            />
          ),
        )}
      </Box>
      <ReplyBox chatId={chat.id} onSend={send} onNote={addNote} disabled={chat.unreachable} replyTo={replyTo} onCancelReply={() => setReplyTo(null)} />
    </Box>
  );
}
