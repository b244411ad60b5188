import type { MadeClientAnswer, Profile, TelegramLink } from '@crm/contracts';
import { Router } from 'express';
import { User, type Sequelize } from '@crm/database';
import {
  DomainError,
  getProfile,
  issueLinkToken,
  makeClient,
  notFound,
  parseConversationId,
  takeConversation,
  updateProfile,
  getConversationView,
  unlinkOwnTelegram,
} from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';

const idOf = (raw: unknown) => Number(raw) || 0;

/**
 * People across the modules: a lead becomes a client, anyone gets a one-time Telegram link, a manager
 * takes a conversation, and a staff member's own profile with its Telegram link.
 */
export function peopleRouter(deps: { sequelize: Sequelize }) {
  const { sequelize } = deps;
  const router = Router();
  const staffOnly = requireStaff();

  router.post('/leads/:id/make-client', staffOnly, async (req, res) => {
    const { client, lead, created } = await makeClient(sequelize, staffOf(req).org_id, idOf(req.params.id), req.body);
    const { password_hash: _p, ...plainClient } = client.get({ plain: true });
    res.status(created ? 201 : 200).json({
      client: { ...plainClient, telegram_linked: client.telegram_id !== null },
      lead: lead.get({ plain: true }),
      created,
    } satisfies MadeClientAnswer<Date>);
  });

  // A one-time link for a client, worker or staff member. Managers invite clients and workers; admins anyone.
  router.post('/users/:id/invite', staffOnly, async (req, res) => {
    const staff = staffOf(req);
    const user = await User.findOne({ where: { id: idOf(req.params.id), org_id: staff.org_id }, attributes: ['id', 'role'] });
    if (!user) throw notFound('User');
    if (staff.role !== 'admin' && user.id !== staff.sub && (user.role === 'admin' || user.role === 'manager')) {
      throw new DomainError('forbidden', 'Only an admin may invite another staff member');
    }
    res.status(201).json((await issueLinkToken(sequelize, { org_id: staff.org_id, user_id: user.id, created_by: staff.sub })) satisfies TelegramLink<Date>);
  });

  router.post('/chats/:id/take', staffOnly, async (req, res) => {
    const staff = staffOf(req);
    const ref = parseConversationId(req.params.id);
    await takeConversation(sequelize, staff.org_id, ref, staff.sub);
    res.json(await getConversationView(sequelize, staff.org_id, ref));
  });

  router.get('/profile', staffOnly, async (req, res) => {
    const staff = staffOf(req);
    res.json((await getProfile(staff.org_id, staff.sub)) satisfies Profile);
  });
  router.put('/profile', staffOnly, async (req, res) => {
    const staff = staffOf(req);
    res.json((await updateProfile(sequelize, staff.org_id, staff.sub, req.body)) satisfies Profile);
  });
  router.post('/profile/telegram-link', staffOnly, async (req, res) => {
    const staff = staffOf(req);
    res.status(201).json((await issueLinkToken(sequelize, { org_id: staff.org_id, user_id: staff.sub, created_by: staff.sub })) satisfies TelegramLink<Date>);
  });
  router.delete('/profile/telegram-link', staffOnly, async (req, res) => {
    const staff = staffOf(req);
    res.json((await unlinkOwnTelegram(sequelize, staff.org_id, staff.sub)) satisfies Profile);
  });

  return router;
}
