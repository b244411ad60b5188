import multer from 'multer';
import { DomainError, IMPORT_LIMITS } from '@crm/core';
import { multipart } from './multipart.js';

/** One CSV or XLSX file in multipart field "file", held in memory (5 MB at most), beside a few option fields. */
export const spreadsheetUpload = multipart(
  multer({ storage: multer.memoryStorage(), limits: { fileSize: IMPORT_LIMITS.bytes, files: 1, fields: 8, parts: 9 } }).single('file'),
  (error) => ({
    field: 'file',
    problem: error.code === 'LIMIT_FILE_SIZE' ? `must be at most ${IMPORT_LIMITS.bytes / 1024 / 1024} MB` : 'must be one file, sent as multipart field "file"',
  }),
);

/** The uploaded spreadsheet, or a 422 naming the field. */
export function uploadedSpreadsheet(req: Express.Request, what = 'the file') {
  if (!req.file) throw new DomainError('validation', `Attach ${what} as multipart field "file"`, { fields: { file: 'is required' } });
  return { buffer: req.file.buffer, name: req.file.originalname };
}

/** Import options sent beside the file: `mapping` as JSON, flags as "true"/"false", the rest as text. */
export function importOptionsOf(body: Record<string, unknown>): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'mapping') {
      if (typeof value !== 'string' || !value.trim()) continue;
      try {
        options.mapping = JSON.parse(value);
      } catch {
        throw new DomainError('validation', 'mapping is not valid JSON', { fields: { mapping: 'must be valid JSON' } });
      }
    } else if (value === 'true' || value === 'false') {
      options[key] = value === 'true';
    } else if (value !== '') {
      options[key] = value;
    }
  }
  return options;
}
