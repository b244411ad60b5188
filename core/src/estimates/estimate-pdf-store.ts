import { Readable } from 'node:stream';
import type { Estimate, SqlTransaction } from '@crm/database';
import { storeGeneratedFile, type ChargedStorage } from '../storage/generated-files.js';
import { DomainError } from '../errors.js';
import { estimatePdfFileName, renderEstimatePdf } from './estimate-pdf.js';

/**
 * The estimate's PDF in media storage under `pdf_key`. Only what a client has been sent is kept:
 * a sent version never changes, so its file is rendered once (when it is sent) and served from
 * storage after that. A draft changes with every save, so its PDF is rendered on each request
 * and never stored. A stored PDF counts against the organization's storage quota.
 */
export async function storeEstimatePdf(files: ChargedStorage, estimate: Estimate, transaction?: SqlTransaction): Promise<string> {
  const { pdf } = await renderEstimatePdf(estimate, transaction);
  const key = await storeGeneratedFile(files, { org_id: estimate.org_id, body: pdf, contentType: 'application/pdf', ext: 'pdf' }, transaction);
  const previous = estimate.pdf_key;
  await estimate.update({ pdf_key: key }, { transaction });
  if (previous && previous !== key) await files.storage.remove(previous).catch(() => undefined);
  return key;
}

export interface EstimatePdf {
  fileName: string;
  stream: Readable;
  size?: number;
}

/** The PDF to download: a draft rendered now, a sent version from storage (stored first if it never was). */
export async function openEstimatePdf(files: ChargedStorage, estimate: Estimate): Promise<EstimatePdf> {
  const { storage } = files;
  const fileName = estimatePdfFileName(estimate);
  if (estimate.status === 'draft') {
    const { pdf } = await renderEstimatePdf(estimate);
    return { fileName, stream: Readable.from([pdf]), size: pdf.length };
  }
  if (estimate.pdf_key) {
    try {
      const stored = await storage.get(estimate.pdf_key);
      return { fileName, stream: stored.stream, size: stored.size };
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'not_found')) throw error;
    }
  }
  const key = await storeEstimatePdf(files, estimate);
  const stored = await storage.get(key);
  return { fileName, stream: stored.stream, size: stored.size };
}
