import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Router } from 'express';
import multer from 'multer';
import { DomainError } from '@crm/core';
import { staffOf } from '../auth/middleware.js';
import type { BlobStore } from '../deps.js';
import { multipart } from '../http/multipart.js';

export const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

/** Stores one file for a later record (a document, a receipt) and answers its storage key. */
export function uploadsRouter(deps: { storage: BlobStore; urlTtl: number }) {
  const router = Router();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1 } });
  router.post('/', multipart(upload.single('file'), (error) => ({
    field: 'file',
    problem: error.code === 'LIMIT_FILE_SIZE' ? `must be at most ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB` : 'must be one file, sent as multipart field "file"',
  })), async (req, res) => {
    if (!req.file) throw new DomainError('validation', 'Attach the file as multipart field "file"', { fields: { file: 'is required' } });
    const now = new Date();
    const ext = path.extname(req.file.originalname).toLowerCase().replace(/[^.a-z0-9]/g, '').slice(0, 10);
    const key = `org/${staffOf(req).org_id}/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}${ext}`;
    await deps.storage.put(key, req.file.buffer, { contentType: req.file.mimetype });
    res.status(201).json({
      key, url: await deps.storage.signedUrl(key, deps.urlTtl), file_name: req.file.originalname,
      mime_type: req.file.mimetype, size: req.file.size,
    });
  });
  return router;
}
