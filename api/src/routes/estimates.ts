import { Router } from 'express';
import { Organization, type Sequelize } from '@crm/database';
import { duplicateEstimate, estimateCreateSchema, estimatesWithContent, notFound, parseInput, previewEstimate } from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';

const idOf = (raw: unknown) => {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('Estimate');
  return id;
};

/** Estimate operations beyond plain REST. */
export function estimatesRouter(deps: { sequelize: Sequelize }) {
  const router = Router();
  // The figures of an estimate being edited, computed by the same core arithmetic a save uses.
  router.post('/calculate', requireStaff('admin', 'manager'), async (req, res) => {
    const values = parseInput(estimateCreateSchema, req.body ?? {}, 'Invalid estimate');
    const org = await Organization.findByPk(staffOf(req).org_id);
    res.json(previewEstimate(values, org?.currency ?? 'RUB'));
  });
  router.post('/:id/duplicate', requireStaff('admin', 'manager'), async (req, res) => {
    const auth = staffOf(req);
    const copy = await duplicateEstimate(deps.sequelize, auth.org_id, idOf(req.params.id), auth.sub);
    const [json] = await estimatesWithContent([copy]);
    res.status(201).json(json);
  });
  return router;
}
