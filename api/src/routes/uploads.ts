import { Transform } from 'node:stream';
import type { Upload } from '@crm/contracts';
import { Router, type RequestHandler } from 'express';
import multer from 'multer';
import type { Sequelize } from '@crm/database';
import { DomainError, assertStorageRoom, type SignKey, chargeStorage, createConcurrencyCap, mediaKey, safeContentType } from '@crm/core';
import { staffOf } from '../auth/middleware.js';
import type { BlobStore } from '../deps.js';
import { multipart } from '../http/multipart.js';

const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

export interface UploadsDeps {
  sequelize: Sequelize;
  storage: BlobStore;
  sign: SignKey;
  quotaBytes: number;
  perOrg: number;
  limitBytes?: number;
}

interface StoredFile {
  key: string;
  size: number;
}

/**
 * A multer storage engine that streams each file straight into storage (never whole in memory),
 * under a key of the caller's organization, counting its bytes as they pass.
 */
function streamingEngine(storage: BlobStore): multer.StorageEngine {
  return {
    _handleFile(req, file, callback) {
      const key = mediaKey(staffOf(req).org_id, { fileName: file.originalname, contentType: file.mimetype });
      let size = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          done(null, chunk);
        },
      });
      // A body cut short errors the file stream; the storage write sees it through `counter` (which may
      // not have a listener yet while the write prepares its directory).
      counter.on('error', () => {});
      file.stream.on('error', (error) => counter.destroy(error));
      file.stream.pipe(counter);
      storage.put(key, counter, { contentType: safeContentType(file.mimetype) }).then(
        () => callback(null, { path: key, size } as Partial<Express.Multer.File>),
        (error: unknown) => callback(error as Error),
      );
    },
    _removeFile(_req, file, callback) {
      if (!storage.remove || !file.path) return callback(null);
      storage.remove(file.path).then(
        () => callback(null),
        (error: unknown) => callback(error as Error),
      );
    },
  };
}

/** Stores one file for a later record (a document, a receipt) and answers its storage key. Staff only. */
export function uploadsRouter(deps: UploadsDeps) {
  const router = Router();
  const limit = deps.limitBytes ?? UPLOAD_LIMIT_BYTES;
  const upload = multipart(
    multer({ storage: streamingEngine(deps.storage), limits: { fileSize: limit, files: 1, fields: 10, parts: 12 } }).single('file'),
    (error) => ({
      field: 'file',
      problem: error.code === 'LIMIT_FILE_SIZE' ? `must be at most ${Math.round(limit / 1024 / 1024)} MB` : 'must be one file, sent as multipart field "file"',
    }),
  );
  const perOrg = createConcurrencyCap(deps.perOrg);

  const receive: RequestHandler = async (req, res, next) => {
    const orgId = staffOf(req).org_id;
    const release = perOrg.acquire(orgId);
    res.on('close', release);
    try {
      await assertStorageRoom(deps.sequelize, orgId, deps.quotaBytes);
    } catch (error) {
      release();
      throw error;
    }
    upload(req, res, (error?: unknown) => {
      if (error) release();
      next(error);
    });
  };

  // Staff only: app.ts mounts this router behind requireStaff().
  router.post('/', receive, async (req, res) => {
    if (!req.file) throw new DomainError('validation', 'Attach the file as multipart field "file"', { fields: { file: 'is required' } });
    const stored = req.file as unknown as StoredFile & Express.Multer.File;
    const key = stored.path;
    try {
      await chargeStorage(deps.sequelize, staffOf(req).org_id, stored.size, deps.quotaBytes);
    } catch (error) {
      await deps.storage.remove?.(key);
      throw error;
    }
    res.status(201).json({
      key,
      url: await deps.sign(key),
      file_name: req.file.originalname,
      mime_type: safeContentType(req.file.mimetype),
      size: stored.size,
    } satisfies Upload);
  });
  return router;
}
