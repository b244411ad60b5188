import { Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { Organization, type Sequelize } from '@crm/database';
import { DomainError, IMPORT_LIMITS, commitCatalogueImport, exportCatalogueCsv, exportCatalogueXlsx, parseInput, previewCatalogueImport, type ImportOptions } from '@crm/core';
import { requireStaff, staffOf } from '../auth/middleware.js';
import { multipart } from '../http/multipart.js';
import { parseListQuery } from '../http/ra-query.js';
import { catalogItems } from '../resources/catalog-items.js';
import { filterWhere } from '../resources/router.js';

const upload = multipart(multer({ storage: multer.memoryStorage(), limits: { fileSize: IMPORT_LIMITS.bytes, files: 1, fields: 5, parts: 6 } }).single('file'), (error) => ({
  field: 'file',
  problem: error.code === 'LIMIT_FILE_SIZE' ? `must be at most ${IMPORT_LIMITS.bytes / 1024 / 1024} MB` : 'must be one file, sent as multipart field "file"',
}));

/** The import options sent beside the file: `mapping` as JSON, flags as "true"/"false". */
function optionsOf(body: Record<string, unknown>): ImportOptions {
  let mapping: unknown;
  if (typeof body.mapping === 'string' && body.mapping.trim()) {
    try {
      mapping = JSON.parse(body.mapping);
    } catch {
      throw new DomainError('validation', 'mapping is not valid JSON', { fields: { mapping: 'must be valid JSON' } });
    }
  }
  return {
    ...(mapping !== undefined ? { mapping: mapping as ImportOptions['mapping'] } : {}),
    ...(body.default_kind ? { default_kind: body.default_kind as 'work' } : {}),
    skip_invalid: body.skip_invalid === 'true' || body.skip_invalid === true,
  };
}

function fileOf(req: Express.Request) {
  if (!req.file) throw new DomainError('validation', 'Attach the price list as multipart field "file"', { fields: { file: 'is required' } });
  return { buffer: req.file.buffer, name: req.file.originalname };
}

const exportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv'), locale: z.enum(['ru', 'en']).optional() });

/** Price-list import (preview, then commit) and export, beside the plain REST of catalog-items. */
export function catalogItemsRouter(deps: { sequelize: Sequelize }) {
  const router = Router();
  const writers = requireStaff('admin', 'manager');

  router.post('/import/preview', writers, upload, async (req, res) => {
    res.json(await previewCatalogueImport(staffOf(req).org_id, fileOf(req), optionsOf(req.body ?? {})));
  });

  router.post('/import', writers, upload, async (req, res) => {
    res.status(201).json(await commitCatalogueImport(deps.sequelize, staffOf(req).org_id, fileOf(req), optionsOf(req.body ?? {})));
  });

  router.get('/export', requireStaff(), async (req, res) => {
    const { format, locale: asked } = parseInput(exportQuery, { format: req.query.format, locale: req.query.locale }, 'Invalid export');
    const { org_id } = staffOf(req);
    const org = await Organization.findByPk(org_id, { attributes: ['locale'] });
    const locale = asked ?? (org?.locale === 'en' ? 'en' : 'ru');
    const { filter } = parseListQuery(req.query as Record<string, unknown>, { field: 'name', order: 'ASC' });
    const where = filterWhere(catalogItems, filter);
    const name = locale === 'ru' ? 'prais' : 'price-list';
    if (format === 'xlsx') {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.attachment(`${name}.xlsx`);
      res.send(await exportCatalogueXlsx(org_id, locale, where));
    } else {
      res.type('text/csv; charset=utf-8');
      res.attachment(`${name}.csv`);
      res.send(await exportCatalogueCsv(org_id, locale, where));
    }
  });
  return router;
}
