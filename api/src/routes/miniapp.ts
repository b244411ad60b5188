import { CHANGE_REQUEST_DECISIONS, type ClientEstimateApproval, type MiniAppSession } from '@crm/contracts';
import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  approveEstimate,
  askAboutEstimate,
  clientEstimate,
  listClientEstimates,
  openEstimatePdf,
  currentTokenVersion,
  decideChangeRequest,
  identifyMiniAppClient,
  id,
  listClientProjects,
  listProjectChangeRequests,
  listProjectDocuments,
  listProjectReports,
  parseInput,
  projectDashboard,
  signerFor,
  signToken,
  type ClientScope,
} from '@crm/core';
import { authenticate, clientOf, requireClient } from '../auth/middleware.js';
import { Estimate } from '@crm/database';
import type { ApiDeps } from '../deps.js';
import { chargedStorage, sendPdf } from './estimates.js';

const decisionBody = z.object({ decision: z.enum(CHANGE_REQUEST_DECISIONS, { message: "must be 'approved' or 'rejected'" }) });
const feedQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).optional(), before: id.optional() });

const idParam = (req: Request, name = 'id') => parseInput(z.object({ [name]: id }), req.params, 'Invalid path')[name] as number;

/**
 * The client Mini App: a session from Telegram init data, then read-only views of the client's own
 * projects and one write (deciding a change request).
 * Mounted at /api before the global `authenticate`, because the session route is public.
 */
export function miniappRouter(deps: ApiDeps) {
  const { sequelize, config, storage } = deps;
  const router = Router();
  const sign = signerFor(storage, config.MEDIA_URL_TTL) ?? null;
  const scopeOf = (req: Request): ClientScope => ({ org_id: clientOf(req).org_id, client_id: clientOf(req).sub });

  router.post('/miniapp/session', async (req, res) => {
    const identity = await identifyMiniAppClient(req.body ?? {}, { maxAgeSeconds: config.MINIAPP_INIT_DATA_MAX_AGE });
    const token = signToken(
      {
        kind: 'client',
        sub: identity.user.id,
        org_id: identity.organization.id,
        telegram_id: identity.user.telegram_id,
        tv: await currentTokenVersion(sequelize, identity.user.id),
      },
      config.JWT_SECRET,
      config.MINIAPP_TOKEN_TTL,
    );
    // The first screen rides along (the project list, and the dashboard when there is one project):
    // the Mini App shows it without further round trips.
    const scope = { org_id: identity.organization.id, client_id: identity.user.id };
    const projects = await listClientProjects(sequelize, scope);
    const dashboard = projects.length === 1 ? await projectDashboard(sequelize, scope, projects[0]!.id) : null;
    const estimates = await listClientEstimates(sequelize, scope);
    res.json({ token, ...identity, projects, dashboard, estimates } satisfies MiniAppSession<Date>);
  });

  const client = Router();
  client.use(authenticate, requireClient());
  client.get('/projects', async (req, res) => {
    res.json(await listClientProjects(sequelize, scopeOf(req)));
  });
  client.get('/projects/:id', async (req, res) => {
    res.json(await projectDashboard(sequelize, scopeOf(req), idParam(req)));
  });
  client.get('/projects/:id/reports', async (req, res) => {
    const query = parseInput(feedQuery, req.query, 'Invalid query');
    res.json(await listProjectReports(sequelize, scopeOf(req), idParam(req), sign, query));
  });
  client.get('/projects/:id/change-requests', async (req, res) => {
    res.json(await listProjectChangeRequests(sequelize, scopeOf(req), idParam(req)));
  });
  client.get('/projects/:id/documents', async (req, res) => {
    res.json(await listProjectDocuments(sequelize, scopeOf(req), idParam(req), sign));
  });
  client.post('/change-requests/:id/decision', async (req, res) => {
    const { decision } = parseInput(decisionBody, req.body ?? {}, 'Invalid decision');
    const scope = scopeOf(req);
    res.json(
      await decideChangeRequest(
        sequelize,
        {
          org_id: scope.org_id,
          change_request_id: idParam(req),
          decision,
          decided_by: scope.client_id,
          client_id: scope.client_id,
        },
        deps.queue ? { queue: deps.queue, ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}) } : undefined,
      ),
    );
  });
  client.get('/estimates', async (req, res) => {
    res.json(await listClientEstimates(sequelize, scopeOf(req)));
  });
  client.get('/estimates/:id', async (req, res) => {
    res.json(await clientEstimate(sequelize, scopeOf(req), idParam(req), sign));
  });
  client.get('/estimates/:id/pdf', async (req, res) => {
    const view = await clientEstimate(sequelize, scopeOf(req), idParam(req), null);
    sendPdf(res, await openEstimatePdf(chargedStorage(deps), (await Estimate.findByPk(view.id as number))!));
  });
  client.post('/estimates/:id/approve', async (req, res) => {
    const scope = scopeOf(req);
    const result = await approveEstimate(
      sequelize,
      {
        org_id: scope.org_id,
        estimate_id: idParam(req),
        via: 'miniapp',
        approved_by: scope.client_id,
        approved_by_telegram_id: clientOf(req).telegram_id ?? null,
        client_id: scope.client_id,
      },
      deps.queue ? { queue: deps.queue, ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}) } : undefined,
    );
    res.json({
      ...(await clientEstimate(sequelize, scope, result.estimate.id, sign)),
      changed: result.changed,
      project_id: result.project_id,
    } satisfies ClientEstimateApproval<Date>);
  });
  client.post('/estimates/:id/questions', async (req, res) => {
    const message = await askAboutEstimate(sequelize, scopeOf(req), idParam(req), req.body ?? {});
    res.status(201).json({ id: message.id, estimate_id: message.estimate_id, content: message.content, created_at: message.created_at });
  });
  router.use('/miniapp', client);

  return router;
}
