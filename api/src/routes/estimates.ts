import { Router, type Response } from 'express';
import { Estimate, Organization, type Sequelize } from '@crm/database';
import {
  approveEstimate,
  duplicateEstimate,
  DomainError,
  estimateCreateSchema,
  estimatesWithContent,
  notFound,
  openEstimatePdf,
  parseInput,
  previewEstimate,
  sendEstimateToClient,
  type ChargedStorage,
  type EstimatePdf,
  type Storage,
} from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';
import type { ApiDeps } from '../deps.js';

const idOf = (raw: unknown) => {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('Estimate');
  return id;
};

/** Storage that can read files back (every real backend can; the api's type keeps it optional). */
function readableStorage(storage: ApiDeps['storage']): Storage {
  if (!storage?.get || !storage.exists || !storage.remove) throw new DomainError('unavailable', 'Media storage is not configured on this server');
  return storage as unknown as Storage;
}

/** Media storage that charges the PDFs the product stores to the organization's quota (ORG_STORAGE_QUOTA_MB). */
export function chargedStorage(deps: {
  sequelize: Sequelize;
  storage?: ApiDeps['storage'];
  config: Pick<ApiDeps['config'], 'ORG_STORAGE_QUOTA_MB'>;
}): ChargedStorage {
  return { sequelize: deps.sequelize, storage: readableStorage(deps.storage), quotaBytes: deps.config.ORG_STORAGE_QUOTA_MB * 1024 * 1024 };
}

/** Streams an estimate's PDF as a download with its file name. */
export function sendPdf(res: Response, pdf: EstimatePdf) {
  res.type('application/pdf');
  res.attachment(pdf.fileName);
  if (pdf.size) res.set('Content-Length', String(pdf.size));
  res.set('Cache-Control', 'private, no-store');
  pdf.stream.pipe(res);
}

/** Estimate operations beyond plain REST: figures while editing, new versions, the PDF, sending and approval. */
export function estimatesRouter(deps: Pick<ApiDeps, 'sequelize' | 'storage' | 'config' | 'queue'> & { publicUrl: string }) {
  const router = Router();
  const staff = requireStaff('admin', 'manager');
  const load = async (orgId: number, id: unknown) => {
    const estimate = await Estimate.findOne({ where: { id: idOf(id), org_id: orgId } });
    if (!estimate) throw notFound('Estimate');
    return estimate;
  };
  // The figures of an estimate being edited, computed by the same core arithmetic a save uses.
  router.post('/calculate', staff, async (req, res) => {
    const values = parseInput(estimateCreateSchema, req.body ?? {}, 'Invalid estimate');
    const org = await Organization.findByPk(staffOf(req).org_id);
    res.json(previewEstimate(values, org?.currency ?? 'RUB'));
  });
  router.post('/:id/duplicate', staff, async (req, res) => {
    const auth = staffOf(req);
    const copy = await duplicateEstimate(deps.sequelize, auth.org_id, idOf(req.params.id), auth.sub);
    const [json] = await estimatesWithContent([copy]);
    res.status(201).json(json);
  });
  router.get('/:id/pdf', requireStaff(), async (req, res) => {
    const estimate = await load(staffOf(req).org_id, req.params.id);
    sendPdf(res, await openEstimatePdf(chargedStorage(deps), estimate));
  });
  router.post('/:id/send', staff, async (req, res) => {
    const auth = staffOf(req);
    if (!deps.queue) throw new DomainError('unavailable', 'Message delivery is not configured on this server');
    const { estimate, message } = await sendEstimateToClient(
      deps.sequelize,
      { queue: deps.queue, files: chargedStorage(deps) },
      {
        org_id: auth.org_id,
        estimate_id: idOf(req.params.id),
        sent_by: auth.sub,
        public_url: deps.publicUrl,
      },
    );
    const [json] = await estimatesWithContent([estimate]);
    res.json({ estimate: json, message: message.get({ plain: true }) });
  });
  router.post('/:id/approve', staff, async (req, res) => {
    const auth = staffOf(req);
    const result = await approveEstimate(
      deps.sequelize,
      { org_id: auth.org_id, estimate_id: idOf(req.params.id), via: 'back_office', approved_by: auth.sub },
      deps.queue ? { queue: deps.queue, publicUrl: deps.publicUrl } : undefined,
    );
    const [json] = await estimatesWithContent([result.estimate]);
    res.json({ estimate: json, project_id: result.project_id, changed: result.changed, approved_by_name: result.approved_by_name });
  });
  return router;
}
