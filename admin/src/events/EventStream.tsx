import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useNotify } from 'react-admin';
import { API_URL } from '../providers/httpClient';
import { session } from '../providers/session';
import type { Chat, ChatMessage } from '../providers/dataProvider';

export type CrmEvent =
  | { type: 'ready' }
  | { type: 'message.created' | 'message.updated'; conversation_id: string | null; message: ChatMessage; conversation: Chat | null }
  | { type: 'lead.updated'; conversation_id: string; lead: Record<string, unknown> & { id: number }; conversation: Chat | null }
  | { type: 'notification.created'; notification: { title: string; body: string } };

type Listener = (event: CrmEvent) => void;

const EventsContext = createContext<{ subscribe(listener: Listener): () => void; connected: boolean }>({
  subscribe: () => () => {},
  connected: false,
});

const TYPES = ['ready', 'message.created', 'message.updated', 'lead.updated', 'notification.created'] as const;

/**
 * One Server-Sent Events connection for the whole back office. EventSource cannot send headers, so
 * the token travels in the query string. Lead changes also refresh cached lead lists.
 */
export function EventStreamProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const [connected, setConnected] = useState(false);
  const queryClient = useQueryClient();
  const notify = useNotify();

  useEffect(() => {
    const token = session.token();
    if (!token || typeof EventSource === 'undefined') return;
    const source = new EventSource(`${API_URL}/events?token=${encodeURIComponent(token)}`);
    const handlers = TYPES.map((type) => {
      const handler = (message: MessageEvent) => {
        const event = { ...JSON.parse(message.data), type } as CrmEvent;
        if (type === 'ready') setConnected(true);
        if (type === 'lead.updated') queryClient.invalidateQueries({ queryKey: ['leads'] });
        if (type === 'lead.updated' || type === 'message.created') queryClient.invalidateQueries({ queryKey: ['dashboard'] });
        if (event.type === 'notification.created') notify(event.notification.title, { type: 'info', messageArgs: { _: event.notification.title } });
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
  }, [queryClient, notify]);

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
