import { Router } from 'express';
import { Organization, User, type Sequelize } from '@crm/database';
import { authenticateStaff, notFound, registerOrganization, signToken, type StaffClaims } from '@crm/core';
import { authenticate, requireStaff, staffOf } from '../auth/middleware.js';
import type { ApiConfig } from '../config.js';
import { isOperatorOrg } from './jobs-dashboard.js';

const publicUser = (user: User): Record<string, unknown> => ({
  id: user.id, org_id: user.org_id, role: user.role, name: user.name, email: user.email,
  telegram_id: user.telegram_id, phone: user.phone,
});

export const publicOrganization = (org: Organization): Record<string, unknown> => ({
  id: org.id, name: org.name, currency: org.currency, timezone: org.timezone, locale: org.locale,
  ai_enabled: org.ai_enabled, stale_lead_days: org.stale_lead_days, has_bot_token: Boolean(org.bot_token), bot_username: org.bot_username,
});

export function authRouter(deps: { sequelize: Sequelize; config: Pick<ApiConfig, 'JWT_SECRET' | 'JWT_TTL' | 'JOBS_DASHBOARD_ORGS'> }) {
  const router = Router();
  const organizationFor = async (org: Organization, user: User) => ({
    ...publicOrganization(org),
    can_view_jobs: user.role === 'admin' && await isOperatorOrg(org.id, deps.config.JOBS_DASHBOARD_ORGS),
  });
  const issue = (user: User) => signToken(
    { kind: 'staff', sub: user.id, org_id: user.org_id, role: user.role as StaffClaims['role'] }, deps.config.JWT_SECRET, deps.config.JWT_TTL);

  router.post('/register', async (req, res) => {
    const { org, user } = await registerOrganization(deps.sequelize, req.body);
    res.status(201).json({ token: issue(user), user: publicUser(user), organization: await organizationFor(org, user) });
  });

  router.post('/login', async (req, res) => {
    const user = await authenticateStaff(deps.sequelize, req.body);
    const org = await Organization.findByPk(user.org_id);
    res.json({ token: issue(user), user: publicUser(user), organization: org && await organizationFor(org, user) });
  });

  router.get('/me', authenticate, requireStaff(), async (req, res) => {
    const auth = staffOf(req);
    const user = await User.findOne({ where: { id: auth.sub, org_id: auth.org_id, is_active: true } });
    const org = await Organization.findByPk(auth.org_id);
    if (!user || !org) throw notFound('Account');
    res.json({ user: publicUser(user), organization: await organizationFor(org, user) });
  });

  return router;
}
