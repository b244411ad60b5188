import { Router } from 'express';
import type { Sequelize } from '@crm/database';
import { notFound, projectFigures } from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';

/** A project's money and progress, computed once in core (projects/summary.ts). */
export function projectsRouter(deps: { sequelize: Sequelize }) {
  const router = Router();
  router.get('/:id/summary', requireStaff(), async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) throw notFound('Project');
    res.json(await projectFigures(deps.sequelize, staffOf(req).org_id, id));
  });
  return router;
}
