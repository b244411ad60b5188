import { Router } from 'express';
import type { Sequelize } from '@crm/database';
import { moveLead } from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';

/** Lead operations beyond plain REST: the Kanban move is one server call, re-ordering in one transaction. */
export function leadsRouter(deps: { sequelize: Sequelize }) {
  const router = Router();
  router.post('/:id/move', requireStaff(), async (req, res) => {
    const lead = await moveLead(deps.sequelize, staffOf(req).org_id, Number(req.params.id) || 0, req.body);
    res.json(lead.get({ plain: true }));
  });
  return router;
}
