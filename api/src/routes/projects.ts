import { Router } from 'express';
import type { Sequelize } from '@crm/database';
import { contractView, getProjectGroup, groupNotLinked, issueGroupLinkCode, notFound, projectFigures, unlinkProjectGroup } from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';

function projectId(raw: unknown): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) throw notFound('Project');
  return id;
}

/**
 * A project's money and progress, computed once in core (projects/summary.ts), and its Telegram
 * group: the linked group, a one-time code that links one (sent as `/link <code>` in the group),
 * and unlinking.
 */
export function projectsRouter(deps: { sequelize: Sequelize }) {
  const { sequelize } = deps;
  const router = Router();
  const staffOnly = requireStaff();

  router.get('/:id/summary', staffOnly, async (req, res) => {
    res.json(await projectFigures(sequelize, staffOf(req).org_id, projectId(req.params.id)));
  });

  // The approved estimate with the change orders applied so far: what a new change order starts from.
  router.get('/:id/contract', requireStaff('admin', 'manager'), async (req, res) => {
    res.json(await contractView(staffOf(req).org_id, projectId(req.params.id)));
  });

  router.get('/:id/telegram-group', staffOnly, async (req, res) => {
    res.json({ group: await getProjectGroup(sequelize, staffOf(req).org_id, projectId(req.params.id)) });
  });

  router.post('/:id/telegram-group/code', staffOnly, async (req, res) => {
    const staff = staffOf(req);
    res.status(201).json(await issueGroupLinkCode(sequelize, { org_id: staff.org_id, project_id: projectId(req.params.id), created_by: staff.sub }));
  });

  router.delete('/:id/telegram-group', staffOnly, async (req, res) => {
    if (!(await unlinkProjectGroup(sequelize, staffOf(req).org_id, projectId(req.params.id)))) throw groupNotLinked();
    res.json({ group: null });
  });

  return router;
}
