import type { Chat, ChatCounts } from '../providers/dataProvider';

/** The inbox tabs, in the order shown. All but "resolved" list open conversations. */
export const INBOX_TABS = ['mine', 'unassigned', 'needs_manager', 'unread', 'all', 'resolved'] as const;
export type InboxTab = (typeof INBOX_TABS)[number];

export const isInboxTab = (value: string | null): value is InboxTab => INBOX_TABS.includes(value as InboxTab);

export interface InboxView {
  tab: InboxTab;
  me: number | null;
  labelId: number | null;
}

/** The server filter of a tab (GET /api/chats?filter=...). */
export function inboxFilter({ tab, me, labelId }: InboxView): Record<string, unknown> {
  const label = labelId ? { label_id: labelId } : {};
  switch (tab) {
    case 'mine':
      return { state: 'open', manager_id: me ?? 0, ...label };
    case 'unassigned':
      return { state: 'open', manager_id: null, ...label };
    case 'needs_manager':
      return { state: 'open', needs_manager: true, ...label };
    case 'unread':
      return { state: 'open', unread: true, ...label };
    case 'all':
      return { state: 'open', ...label };
    case 'resolved':
      return { state: 'resolved', ...label };
  }
}

/**
 * Whether a conversation (as a live event brings it) belongs in the tab: the same rule as the
 * server's filter, so a message in someone else's conversation does not pop into "Mine".
 */
export function inInbox(chat: Chat, { tab, me, labelId }: InboxView): boolean {
  if (labelId && !chat.labels.some((l) => l.id === labelId)) return false;
  if (tab === 'resolved') return chat.state === 'resolved';
  if (chat.state !== 'open') return false;
  switch (tab) {
    case 'mine':
      return me !== null && chat.manager_id === me;
    case 'unassigned':
      return chat.manager_id === null;
    case 'needs_manager':
      return chat.needs_manager;
    case 'unread':
      return chat.unread_count > 0;
    case 'all':
      return true;
  }
}

export const countOf = (counts: ChatCounts | undefined, tab: InboxTab) => counts?.[tab] ?? 0;
