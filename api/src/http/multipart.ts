import type { RequestHandler } from 'express';
import multer from 'multer';
import { DomainError } from '@crm/core';

const MULTER_PROBLEMS: Partial<Record<multer.ErrorCode, string>> = {
  LIMIT_PART_COUNT: 'has too many parts',
  LIMIT_FIELD_KEY: 'has a field name that is too long',
  LIMIT_FIELD_VALUE: 'has a field value that is too long',
  LIMIT_FIELD_COUNT: 'has too many fields',
};

/**
 * Runs a multer middleware so that anything wrong with the multipart body answers 400 naming the
 * field: multer's own limits, and busboy's parse errors (malformed headers, missing boundary, a body
 * cut short), which are the sender's fault. `describe` words limit errors on file fields.
 */
export function multipart(upload: RequestHandler, describe: (error: multer.MulterError) => { field: string; problem: string }): RequestHandler {
  return (req, res, next) =>
    upload(req, res, (error: unknown) => {
      if (!error) return next();
      if (error instanceof multer.MulterError) {
        const { field, problem } = MULTER_PROBLEMS[error.code] ? { field: error.field ?? 'body', problem: MULTER_PROBLEMS[error.code]! } : describe(error);
        return next(new DomainError('validation', `Invalid upload: ${field} ${problem}`, { fields: { [field]: problem } }));
      }
      if ((error as { status?: number }).status === 413 || (error as { type?: string }).type) return next(error);
      next(
        new DomainError('validation', 'Invalid upload: the multipart body is malformed', {
          fields: { body: 'must be a well-formed multipart/form-data body' },
        }),
      );
    });
}
