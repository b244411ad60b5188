import type { LeadImportLine, LeadImportPreview } from '@crm/contracts';
import { Router } from 'express';
import type { Sequelize } from '@crm/database';
import { assertImportable, previewLeadImport, writeLeadImport, type LeadImportOptions } from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';
import { importOptionsOf, spreadsheetUpload, uploadedSpreadsheet } from '../http/spreadsheet-upload.js';

/**
 * Leads and contacts from another CRM's CSV or XLSX export: a preview with the guessed column
 * mapping, then the import itself, which streams its progress as JSON lines (`{"progress":…}`,
 * then `{"result":…}` or `{"error":…}`). Anything wrong with the file answers 422 before the stream starts.
 */
export function leadImportRouter(deps: { sequelize: Sequelize }) {
  const router = Router();

  router.post('/import/preview', requireStaff(), spreadsheetUpload, async (req, res) => {
    res.json(
      (await previewLeadImport(
        staffOf(req).org_id,
        uploadedSpreadsheet(req, 'the export file'),
        importOptionsOf(req.body ?? {}) as LeadImportOptions,
      )) satisfies LeadImportPreview,
    );
  });

  router.post('/import', requireStaff(), spreadsheetUpload, async (req, res) => {
    const { org_id, sub } = staffOf(req);
    const options = importOptionsOf(req.body ?? {}) as LeadImportOptions;
    const preview = await previewLeadImport(org_id, uploadedSpreadsheet(req, 'the export file'), options);
    assertImportable(preview, options);
    res.status(200).type('application/x-ndjson');
    res.flushHeaders();
    const line = (value: LeadImportLine) => res.write(`${JSON.stringify(value)}\n`);
    try {
      const result = await writeLeadImport(deps.sequelize, org_id, preview, options, (progress) => line({ progress }), sub);
      line({ result });
    } catch (error) {
      req.log?.error({ err: error }, 'lead import failed');
      line({ error: { message: 'The import failed and nothing was saved. Try again; if it keeps failing, split the file.' } });
    }
    res.end();
  });
  return router;
}
