import { Router } from 'express';
import type { Sequelize } from '@crm/database';
import { dashboardSummary, type DashboardSummary } from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';
import type { OrgCache } from '../http/org-cache.js';

/**
 * The dashboard. With the event hub (as in production) it is read once for all the managers who open
 * it within a second and read again at the organization's first change (see orgCache).
 */
export function dashboardRouter(deps: { sequelize: Sequelize; cache?: OrgCache<DashboardSummary> }) {
  const router = Router();
  router.get('/', requireStaff(), async (req, res) => {
    const orgId = staffOf(req).org_id;
    const read = () => dashboardSummary(deps.sequelize, orgId);
    res.json(await (deps.cache ? deps.cache.get(orgId, read) : read()));
  });
  return router;
}
