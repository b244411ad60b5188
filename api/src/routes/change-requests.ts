import { CHANGE_REQUEST_DECISIONS } from '@crm/contracts';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Sequelize } from '@crm/database';
import {
  DomainError,
  changeOrderPreviewSchema,
  decideChangeRequest,
  id,
  notFound,
  parseInput,
  previewChangeOrder,
  sendChangeRequestToClient,
  type JobQueue,
  type NotifyDeps,
} from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';

const decisionBody = z.object({ decision: z.enum(CHANGE_REQUEST_DECISIONS, { message: "must be 'approved' or 'rejected'" }) });
const idOf = (req: Request, what: string) => {
  const value = Number(req.params.id);
  if (!Number.isSafeInteger(value) || value <= 0 || value > 2_147_483_647) throw notFound(what);
  return id.parse(value);
};

/**
 * Change orders beyond plain REST: the figures of a change order being built, computed by core
 * (nothing saved), a request sent to the client in Telegram (Approve / Decline and the Mini App), and
 * a decision recorded in the back office (the client agreed by phone or on paper).
 */
export function changeRequestsRouter(deps: { sequelize: Sequelize; queue?: JobQueue | undefined; publicUrl: string; notify?: NotifyDeps }) {
  const router = Router();
  const staff = requireStaff('admin', 'manager');
  router.post('/calculate', staff, async (req, res) => {
    const values = parseInput(changeOrderPreviewSchema, req.body ?? {}, 'Invalid change order');
    const { after: _after, ...result } = await previewChangeOrder(staffOf(req).org_id, values.project_id, values.lines);
    res.json(result);
  });
  router.post('/:id/send', staff, async (req, res) => {
    const { queue } = deps;
    if (!queue) throw new DomainError('unavailable', 'Message delivery is not configured on this server');
    const auth = staffOf(req);
    res.json(
      await sendChangeRequestToClient(
        { queue },
        {
          org_id: auth.org_id,
          change_request_id: idOf(req, 'Change request'),
          sent_by: auth.sub,
          public_url: deps.publicUrl,
        },
      ),
    );
  });
  router.post('/:id/decision', staff, async (req, res) => {
    const { decision } = parseInput(decisionBody, req.body ?? {}, 'Invalid decision');
    const auth = staffOf(req);
    res.json(
      await decideChangeRequest(
        deps.sequelize,
        { org_id: auth.org_id, change_request_id: idOf(req, 'Change request'), decision, decided_by: auth.sub },
        deps.notify,
      ),
    );
  });
  return router;
}
