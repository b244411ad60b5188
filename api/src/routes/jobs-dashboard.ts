import { Router, type RequestHandler } from 'express';
import { createExpressMiddleware } from 'agendash';
import type { Agenda } from 'agenda';
import { Organization } from '@crm/database';
import { DomainError, verifyToken, type SessionVerifier, type StaffClaims } from '@crm/core';
import { tokenFrom } from '../auth/token-from.js';

const COOKIE = 'crm_jobs';
const PATH = '/api/admin/jobs';

/**
 * The installation's operators: admins of these organizations may open the jobs dashboard. The
 * queue is shared by every organization, so no other organization's admin may see or touch it.
 * Default: the installation's first organization.
 */
export async function isOperatorOrg(orgId: number, configured: string | undefined): Promise<boolean> {
  const ids = (configured ?? '')
    .split(',')
    .map((v) => Number(v.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  if (ids.length) return ids.includes(orgId);
  const first = await Organization.findOne({ order: [['id', 'ASC']], attributes: ['id'] });
  return first?.id === orgId;
}

/**
 * Agenda's dashboard (agendash) behind operator-admin auth. A browser opens it from the back office
 * with `?token=<jwt>`; the token is then moved into an HttpOnly cookie scoped to this path (so the
 * dashboard's own requests carry it) and dropped from the address bar.
 */
export function jobsDashboardRouter(deps: { agenda: Agenda; jwtSecret: string; operators?: string; sessions?: SessionVerifier }): Router {
  const router = Router();
  const guard: RequestHandler = async (req, res, next) => {
    const fromQuery = tokenFrom(req, { query: true });
    const token = fromQuery ?? tokenFrom(req, { cookie: COOKIE });
    const signed = token ? verifyToken(token, deps.jwtSecret) : null;
    // The cookie lives an hour: every request re-checks that its user is still an active admin.
    const claims = signed && signed.kind === 'staff' && deps.sessions ? await deps.sessions.check(signed) : signed;
    if (!claims || claims.kind !== 'staff') throw new DomainError('unauthorized', 'Sign in to the back office first, then open Background jobs from its menu');
    if ((claims as StaffClaims).role !== 'admin' || !(await isOperatorOrg(claims.org_id, deps.operators))) {
      throw new DomainError('forbidden', 'The jobs dashboard is for the administrators who operate this installation');
    }
    if (fromQuery) {
      res.cookie(COOKIE, fromQuery, { httpOnly: true, sameSite: 'strict', path: PATH, maxAge: 60 * 60 * 1000, secure: req.secure });
      res.redirect(302, `${req.baseUrl}${req.path === '/' ? '/' : req.path}`);
      return;
    }
    next();
  };
  router.use(guard);
  router.use(createExpressMiddleware(deps.agenda));
  return router;
}
