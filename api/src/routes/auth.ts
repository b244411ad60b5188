import type { PasswordChanged, StaffIdentity, StaffOrganization, StaffSession, StaffUser } from '@crm/contracts';
import { Router } from 'express';
import { z } from 'zod';
import { Organization, User, type Sequelize } from '@crm/database';
import {
  authenticateStaff,
  changeOwnPassword,
  currentTokenVersion,
  id,
  isSandboxToken,
  notFound,
  parseInput,
  registerOrganization,
  revokeSessions,
  signToken,
  type SessionVerifier,
  type StaffClaims,
} from '@crm/core';
import { authenticate, requireStaff, staffOf } from '../auth/middleware.js';
import type { ApiConfig } from '../config.js';
import { isOperatorOrg } from './jobs-dashboard.js';

const publicUser = (user: User): StaffUser => ({
  id: user.id,
  org_id: user.org_id,
  role: user.role,
  name: user.name,
  email: user.email,
  telegram_id: user.telegram_id,
  phone: user.phone,
  locale: user.locale ?? null,
});

const publicOrganization = (org: Organization): Omit<StaffOrganization, 'can_view_jobs'> => ({
  id: org.id,
  name: org.name,
  currency: org.currency,
  timezone: org.timezone,
  locale: org.locale,
  ai_enabled: org.ai_enabled,
  stale_lead_days: org.stale_lead_days,
  has_bot_token: Boolean(org.bot_token),
  bot_sandbox: isSandboxToken(org.bot_token),
  bot_username: org.bot_username,
});

export function authRouter(deps: {
  sequelize: Sequelize;
  config: Pick<ApiConfig, 'JWT_SECRET' | 'JWT_TTL' | 'JOBS_DASHBOARD_ORGS' | 'SIGNUPS_PER_IP_HOUR' | 'FAILED_LOGINS_PER_IP_HOUR'>;
  sessions?: SessionVerifier;
}) {
  const router = Router();
  const organizationFor = async (org: Organization, user: User): Promise<StaffOrganization> => ({
    ...publicOrganization(org),
    can_view_jobs: user.role === 'admin' && (await isOperatorOrg(org.id, deps.config.JOBS_DASHBOARD_ORGS)),
  });
  const issue = async (user: User) =>
    signToken(
      {
        kind: 'staff',
        sub: user.id,
        org_id: user.org_id,
        role: user.role as StaffClaims['role'],
        tv: await currentTokenVersion(deps.sequelize, user.id),
      },
      deps.config.JWT_SECRET,
      deps.config.JWT_TTL,
    );

  router.post('/register', async (req, res) => {
    const { org, user } = await registerOrganization(deps.sequelize, req.body, { ip: req.ip, signupsPerHour: deps.config.SIGNUPS_PER_IP_HOUR });
    res.status(201).json({ token: await issue(user), user: publicUser(user), organization: await organizationFor(org, user) } satisfies StaffSession);
  });

  router.post('/login', async (req, res) => {
    const user = await authenticateStaff(deps.sequelize, req.body, { ip: req.ip, failedLoginsPerHour: deps.config.FAILED_LOGINS_PER_IP_HOUR });
    const org = await Organization.findByPk(user.org_id);
    res.json({ token: await issue(user), user: publicUser(user), organization: org && (await organizationFor(org, user)) } satisfies StaffSession);
  });

  // Log out everywhere: every token issued so far, on every device, stops working within seconds.
  router.post('/logout-everywhere', authenticate, async (req, res) => {
    const auth = req.auth!;
    await revokeSessions(deps.sequelize, auth.org_id, auth.sub);
    deps.sessions?.forget(auth.sub);
    res.status(204).end();
  });

  // An admin ends every session of one of the organization's people (a lost phone, a leaver).
  router.post('/users/:id/logout-everywhere', authenticate, requireStaff('admin'), async (req, res) => {
    const staff = staffOf(req);
    const userId = parseInput(z.object({ id }), req.params, 'Invalid path').id;
    if ((await revokeSessions(deps.sequelize, staff.org_id, userId)) === null) throw notFound('User');
    deps.sessions?.forget(userId);
    res.status(204).end();
  });

  // Changing one's password ends every other session; this one goes on with the fresh token answered.
  router.post('/password', authenticate, requireStaff(), async (req, res) => {
    const auth = staffOf(req);
    await changeOwnPassword(deps.sequelize, auth.org_id, auth.sub, req.body);
    deps.sessions?.forget(auth.sub);
    const user = await User.findOne({ where: { id: auth.sub, org_id: auth.org_id, is_active: true } });
    if (!user) throw notFound('Account');
    res.json({ token: await issue(user) } satisfies PasswordChanged);
  });

  router.get('/me', authenticate, requireStaff(), async (req, res) => {
    const auth = staffOf(req);
    const user = await User.findOne({ where: { id: auth.sub, org_id: auth.org_id, is_active: true } });
    const org = await Organization.findByPk(auth.org_id);
    if (!user || !org) throw notFound('Account');
    res.json({ user: publicUser(user), organization: await organizationFor(org, user) } satisfies StaffIdentity);
  });

  return router;
}
