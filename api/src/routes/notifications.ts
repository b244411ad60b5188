import { Router } from 'express';
import { countUnreadNotifications, markAllNotificationsRead, markNotificationRead, notFound, notificationRoute } from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';

/** The bell's named operations beside the notifications resource: unread count, read one, read all. */
export function notificationsRouter() {
  const router = Router();
  const scope = (req: Parameters<typeof staffOf>[0]) => ({ org_id: staffOf(req).org_id, user_id: staffOf(req).sub });

  router.get('/unread-count', requireStaff(), async (req, res) => {
    res.json({ count: await countUnreadNotifications(scope(req)) });
  });
  router.post('/read-all', requireStaff(), async (req, res) => {
    res.json({ updated: await markAllNotificationsRead(scope(req)) });
  });
  router.post('/:id/read', requireStaff(), async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) throw notFound(`Notification #${req.params.id}`);
    const row = await markNotificationRead({ ...scope(req), id });
    res.json({ ...row.get({ plain: true }), link: notificationRoute(row) });
  });
  return router;
}
