import { Router } from 'express';
import { checkOrganizationBot, DomainError, type TelegramRoots } from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';

/** Organization operations beyond plain REST. */
export function organizationsRouter(deps: { telegram: TelegramRoots }) {
  const router = Router();
  router.post('/:id/bot-check', requireStaff('admin'), async (req, res) => {
    const auth = staffOf(req);
    if (Number(req.params.id) !== auth.org_id) throw new DomainError('not_found', 'Organization not found');
    res.json(await checkOrganizationBot(auth.org_id, deps.telegram));
  });
  return router;
}
