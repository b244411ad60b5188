import { Router } from 'express';
import type { Sequelize } from '@crm/database';
import { dashboardSummary } from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';

export function dashboardRouter(deps: { sequelize: Sequelize }) {
  const router = Router();
  router.get('/', requireStaff(), async (req, res) => {
    res.json(await dashboardSummary(deps.sequelize, staffOf(req).org_id));
  });
  return router;
}
