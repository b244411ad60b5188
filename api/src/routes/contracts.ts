import type { ContractTemplateView, DocumentRecord } from '@crm/contracts';
import { Router } from 'express';
import { z } from 'zod';
import { Document } from '@crm/database';
import { generateContract, getContractTemplate, notFound, parseInput, saveContractTemplate, type SignKey } from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';
import type { ApiDeps } from '../deps.js';
import { chargedStorage } from './estimates.js';

const templateBody = z.object({ body: z.string().max(50_000, 'is too large: at most 50000 characters').nullable() });

/**
 * The organization's contract template (Settings) and a project's contract made from it: a PDF in
 * media storage, listed in the project's documents.
 */
export function contractsRouter(deps: Pick<ApiDeps, 'sequelize' | 'storage' | 'config'> & { sign: SignKey | undefined }) {
  const router = Router();
  router.get('/contract-template', requireStaff('admin', 'manager'), async (req, res) => {
    res.json((await getContractTemplate(staffOf(req).org_id)) satisfies ContractTemplateView<Date>);
  });
  router.put('/contract-template', requireStaff('admin'), async (req, res) => {
    const { body } = parseInput(templateBody, req.body ?? {}, 'Invalid contract template');
    const staff = staffOf(req);
    res.json((await saveContractTemplate(staff.org_id, staff.sub, body)) satisfies ContractTemplateView<Date>);
  });
  router.post('/projects/:id/contract-document', requireStaff('admin', 'manager'), async (req, res) => {
    const projectId = Number(req.params.id);
    if (!Number.isSafeInteger(projectId) || projectId <= 0 || projectId > 2_147_483_647) throw notFound('Project');
    const document: Document = await generateContract(deps.storage ? chargedStorage(deps) : null, { org_id: staffOf(req).org_id, project_id: projectId });
    const url = deps.sign ? await deps.sign(document.url) : null;
    res.status(201).json({ ...document.get({ plain: true }), key: document.url, url } satisfies DocumentRecord<Date>);
  });
  return router;
}
