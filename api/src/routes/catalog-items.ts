import type { CatalogueImportPreview, CatalogueImportResult } from '@crm/contracts';
import { Router } from 'express';
import type { Sequelize } from '@crm/database';
import { commitCatalogueImport, previewCatalogueImport, type ImportOptions } from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';
import { importOptionsOf, spreadsheetUpload as upload, uploadedSpreadsheet } from '../http/spreadsheet-upload.js';

/** Price-list import (preview, then commit) beside the plain REST of catalog-items (export included). */
export function catalogItemsRouter(deps: { sequelize: Sequelize }) {
  const router = Router();
  const writers = requireStaff('admin', 'manager');

  router.post('/import/preview', writers, upload, async (req, res) => {
    res.json(
      (await previewCatalogueImport(
        staffOf(req).org_id,
        uploadedSpreadsheet(req, 'the price list'),
        importOptionsOf(req.body ?? {}) as ImportOptions,
      )) satisfies CatalogueImportPreview,
    );
  });

  router.post('/import', writers, upload, async (req, res) => {
    res
      .status(201)
      .json(
        (await commitCatalogueImport(
          deps.sequelize,
          staffOf(req).org_id,
          uploadedSpreadsheet(req, 'the price list'),
          importOptionsOf(req.body ?? {}) as ImportOptions,
        )) satisfies CatalogueImportResult,
      );
  });

  return router;
}
