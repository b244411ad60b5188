import { Router } from 'express';
import type { Sequelize } from '@crm/database';
import { myTasks } from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';

/** Task views beyond plain REST (the `tasks` resource): the caller's own tasks on the organization's calendar. */
export function tasksRouter(_deps: { sequelize: Sequelize }) {
  const router = Router();
  router.get('/mine', requireStaff(), async (req, res) => {
    const staff = staffOf(req);
    res.json(await myTasks({ org_id: staff.org_id, user_id: staff.sub }));
  });
  return router;
}
