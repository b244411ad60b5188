import type { Notification } from '@crm/database';

/**
 * The back-office screen a notification opens (a hash route of the admin): a handoff or a failed
 * delivery its conversation, a change-request decision or a new report its project, a digest the
 * dashboard. The one place that decides it, for the bell, the toast and the staff's Telegram copy.
 */
export function notificationRoute(notification: Pick<Notification, 'type' | 'payload'>): string {
  const payload = (notification.payload ?? {}) as Record<string, unknown>;
  const id = (key: string) => (typeof payload[key] === 'number' && Number.isSafeInteger(payload[key]) ? (payload[key] as number) : null);
  if (notification.type.startsWith('task.')) {
    if (id('lead_id')) return `/leads/${id('lead_id')}`;
    if (id('project_id')) return `/projects/${id('project_id')}/show`;
    return '/tasks';
  }
  if (typeof payload.conversation_id === 'string' && /^(lead|user|group)-\d+$/.test(payload.conversation_id)) return `/chat?c=${payload.conversation_id}`;
  if (id('lead_id')) return `/chat?c=lead-${id('lead_id')}`;
  if (id('project_id')) return `/projects/${id('project_id')}/show`;
  return '/';
}
