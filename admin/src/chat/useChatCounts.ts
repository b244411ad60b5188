import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useTranslate } from 'react-admin';
import type { CrmDataProvider } from '../providers/dataProvider';

export const CHAT_COUNTS_KEY = ['chat-counts'];

/** The inbox counts (one aggregate request); the event stream invalidates them on every chat event. */
export function useChatCounts() {
  const dataProvider = useDataProvider<CrmDataProvider>();
  const { data } = useQuery({ queryKey: CHAT_COUNTS_KEY, queryFn: () => dataProvider.getChatCounts(), staleTime: 30_000 });
  return data;
}

/** The browser tab reads "(3) Chats" while conversations wait unread. */
export function useChatTitle(unread: number) {
  const translate = useTranslate();
  const title = translate('crm.chat.title');
  useEffect(() => {
    const previous = document.title;
    document.title = unread > 0 ? `(${unread}) ${title}` : title;
    return () => {
      document.title = previous;
    };
  }, [unread, title]);
}
