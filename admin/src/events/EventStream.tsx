import { STREAM_EVENT_TYPES, type StreamEvent } from '@crm/contracts';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useNotify } from 'react-admin';
import { useLocation, useNavigate } from 'react-router-dom';
import { EventToast } from './EventToast';
import { API_URL } from '../providers/httpClient';
import { session } from '../providers/session';
import { CHAT_COUNTS_KEY } from '../chat/useChatCounts';

/** An event of the stream as the api sends it (the shapes live in @crm/contracts). */
type CrmEvent = { type: 'ready' } | StreamEvent;

type Listener = (event: CrmEvent) => void;

const EventsContext = createContext<{ subscribe(listener: Listener): () => void; connected: boolean }>({
  subscribe: () => () => {},
  connected: false,
});

const FED_BY_NOTIFICATIONS = ['projects', 'change-requests', 'daily-reports', 'transactions', 'dashboard', 'tasks', 'estimates', 'stages'];

const TYPES = STREAM_EVENT_TYPES;
// Events that can move a conversation between the inbox tabs.
const INBOX_EVENTS = new Set<string>(['ready', 'message.created', 'lead.updated', 'conversation.updated']);

/**
 * One Server-Sent Events connection for the whole back office. EventSource cannot send headers, so
 * the token travels in the query string. Lead changes also refresh cached lead lists.
 */
export function EventStreamProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const [connected, setConnected] = useState(false);
  const queryClient = useQueryClient();
  const notify = useNotify();
  const navigate = useNavigate();
  const location = useLocation();
  // The handlers live as long as the connection; they read the current screen through a ref.
  const here = useRef(location);
  here.current = location;

  useEffect(() => {
    const token = session.token();
    if (!token || typeof EventSource === 'undefined') return;
    const source = new EventSource(`${API_URL}/events?token=${encodeURIComponent(token)}`);
    const handlers = TYPES.map((type) => {
      const handler = (message: MessageEvent) => {
        const event = { ...JSON.parse(message.data), type } as CrmEvent;
        if (type === 'ready') setConnected(true);
        if (type === 'lead.updated') {
          queryClient.invalidateQueries({ queryKey: ['leads'] });
          queryClient.invalidateQueries({ queryKey: ['lead-sources'] });
        }
        if (type === 'lead.updated' || type === 'message.created') queryClient.invalidateQueries({ queryKey: ['dashboard'] });
        if (INBOX_EVENTS.has(type)) queryClient.invalidateQueries({ queryKey: CHAT_COUNTS_KEY });
        if (event.type === 'notification.created') {
          // Notifications tell of things done elsewhere (a decision in Telegram or the Mini App, a report, an
          // expense): the open screens showing projects and their figures fetch them again.
          for (const key of FED_BY_NOTIFICATIONS) queryClient.invalidateQueries({ queryKey: [key] });
          const { title, body, link } = event.notification;
          notify(<EventToast title={title} body={body} onOpen={() => navigate(link)} />, { type: 'info', autoHideDuration: 8000 });
        }
        if (event.type === 'message.created' && event.message.direction === 'inbound' && event.conversation_id && event.conversation) {
          const id = event.conversation_id;
          const open = here.current.pathname === '/chat' && new URLSearchParams(here.current.search).get('c') === id;
          if (!open) {
            const text = event.message.content || event.message.media.map((m) => m.type).join(', ');
            notify(<EventToast title={event.conversation.person.name} body={text} onOpen={() => navigate(`/chat?c=${id}`)} />, {
              type: 'info',
              autoHideDuration: 6000,
            });
          }
        }
        for (const listener of listeners.current) listener(event);
      };
      source.addEventListener(type, handler);
      return [type, handler] as const;
    });
    source.onerror = () => setConnected(false);
    return () => {
      for (const [type, handler] of handlers) source.removeEventListener(type, handler);
      source.close();
    };
  }, [queryClient, notify, navigate]);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const value = useMemo(() => ({ subscribe, connected }), [subscribe, connected]);
  return <EventsContext.Provider value={value}>{children}</EventsContext.Provider>;
}

export function useEvents(listener: Listener) {
  const { subscribe } = useContext(EventsContext);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}

export const useEventsConnected = () => useContext(EventsContext).connected;
