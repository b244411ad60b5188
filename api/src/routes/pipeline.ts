import { Router } from 'express';
import { getPipeline, updatePipeline } from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';

const localeOf = (value: unknown) => (value === 'en' || value === 'ru' ? value : undefined);

/**
 * The organization's sales pipeline: stage names (singular and plural) and hidden stages, and the
 * lost reasons offered. `?locale=` picks the language of the defaults (the screen's language).
 */
export function pipelineRouter() {
  const router = Router();
  router.get('/', requireStaff(), async (req, res) => {
    res.json(await getPipeline(staffOf(req).org_id, localeOf(req.query.locale)));
  });
  router.put('/', requireStaff('admin'), async (req, res) => {
    res.json(await updatePipeline(staffOf(req).org_id, req.body ?? {}, localeOf(req.query.locale)));
  });
  return router;
}
