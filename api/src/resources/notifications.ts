import type { NotificationView } from '@crm/contracts';
import { z } from 'zod';
import { Notification } from '@crm/database';
import { applyNotificationRead, notificationRoute, visibleTo } from '@crm/core';
import { defineResource, plain } from './resource.js';

/**
 * A staff member's notifications (their own and the organization-wide ones), newest first, each with
 * the back-office route it opens. Read state is set through PUT `read_at` or the named operations
 * in routes/notifications.ts.
 */
export const notifications = defineResource<Notification, NotificationView<Date>>({
  name: 'notifications',
  model: Notification,
  visibleTo: (auth) => visibleTo(auth.org_id, auth.sub),
  search: ['title', 'body'],
  filters: ['type', 'read_at'],
  ranges: ['created_at'],
  sorts: ['created_at'],
  defaultSort: { field: 'created_at', order: 'DESC' },
  writeRoles: ['admin', 'manager'],
  update: z.object({ read_at: z.union([z.null(), z.coerce.date()]) }).partial(),
  closed: { create: 'Notifications are created by the system', remove: 'Notifications cannot be deleted; mark them read' },
  hooks: {
    update: async (row, values) => applyNotificationRead(row, values as { read_at?: Date | null }),
  },
  serialize: async (rows) => rows.map((row) => ({ ...plain(row), link: notificationRoute(row) })),
});
