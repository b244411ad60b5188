import type { BotCheck, StoredLogo } from '@crm/contracts';
import { Router, type RequestHandler } from 'express';
import multer from 'multer';
import {
  checkOrganizationBot,
  DomainError,
  LOGO_MAX_BYTES,
  organizationLogo,
  removeOrganizationLogo,
  servedFileHeaders,
  setOrganizationLogo,
  type TelegramRoots,
} from '@crm/core';
import type { Sequelize } from '@crm/database';
import { requireStaff, staffOf } from '../auth/middleware.js';
import { multipart } from '../http/multipart.js';

/** The caller's own organization only: another one's id is not found. */
const ownOrganization: RequestHandler = (req, _res, next) => {
  if (Number(req.params.id) !== staffOf(req).org_id) throw new DomainError('not_found', 'Organization not found');
  next();
};

/** One PNG or JPEG in multipart field "logo", held in memory. */
const logoUpload = multipart(
  multer({ storage: multer.memoryStorage(), limits: { fileSize: LOGO_MAX_BYTES, files: 1, fields: 2, parts: 3 } }).single('logo'),
  (error) => ({
    field: 'logo',
    problem: error.code === 'LIMIT_FILE_SIZE' ? `must be at most ${LOGO_MAX_BYTES / 1024} KB` : 'must be one file, sent as multipart field "logo"',
  }),
);

/** Organization operations beyond plain REST: the bot check and the firm's logo. */
export function organizationsRouter(deps: { telegram: TelegramRoots; sequelize: Sequelize }) {
  const router = Router();
  router.post('/:id/bot-check', requireStaff('admin'), ownOrganization, async (req, res) => {
    res.json((await checkOrganizationBot(staffOf(req).org_id, deps.telegram)) satisfies BotCheck);
  });

  router.get('/:id/logo', requireStaff(), ownOrganization, async (req, res) => {
    const logo = await organizationLogo(deps.sequelize, staffOf(req).org_id);
    // No logo is a state of the firm, not a missing page: 204 with nothing to show.
    if (!logo) return void res.status(204).end();
    res.set({ ...servedFileHeaders(logo.content_type), 'Cache-Control': 'private, no-cache', 'Last-Modified': logo.updated_at.toUTCString() });
    res.send(logo.body);
  });
  router.put('/:id/logo', requireStaff('admin'), ownOrganization, logoUpload, async (req, res) => {
    if (!req.file) throw new DomainError('validation', 'Attach the logo as multipart field "logo"', { fields: { logo: 'is required' } });
    res.json((await setOrganizationLogo(deps.sequelize, staffOf(req).org_id, req.file.buffer)) satisfies StoredLogo);
  });
  router.delete('/:id/logo', requireStaff('admin'), ownOrganization, async (req, res) => {
    await removeOrganizationLogo(deps.sequelize, staffOf(req).org_id);
    res.status(204).end();
  });
  return router;
}
