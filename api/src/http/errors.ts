import type { ErrorBody } from '@crm/contracts';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DomainError, toFieldErrors, type DomainErrorCode, type Logger } from '@crm/core';
import { badValueAnswer, uniqueViolationAnswer } from './database-errors.js';

const STATUS: Record<DomainErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

/**
 * The one shape of an error answer: a stable top-level code (`error`, also as `code`), the English
 * message, and per field `{ code, message }`. The screens translate the codes.
 */
export function errorBody(code: string, message: string, extra: Record<string, unknown> = {}): ErrorBody {
  const { fields, ...rest } = extra;
  return { ...rest, error: code, code, message, ...(fields && typeof fields === 'object' ? { fields: toFieldErrors(fields as Record<string, unknown>) } : {}) };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json(errorBody('not_found', `No route ${req.method} ${req.path}`));
};

/** The one place where errors become HTTP answers. Anything unexpected is logged and answers 500 without details. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (error instanceof DomainError) {
      const retryAfter = error.details?.retry_after;
      if (typeof retryAfter === 'number') res.set('Retry-After', String(Math.max(1, Math.ceil(retryAfter))));
      res.status(STATUS[error.code]).json(errorBody(error.code, error.message, error.details));
      return;
    }
    const status = typeof error?.status === 'number' ? error.status : typeof error?.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      const message =
        error.type === 'entity.parse.failed'
          ? 'Malformed JSON body'
          : error.type === 'entity.too.large'
            ? 'Request body too large'
            : String(error.message ?? 'Bad request');
      const problem = error.type === 'entity.parse.failed' ? 'must be valid JSON' : error.type === 'entity.too.large' ? 'is too large' : 'is not acceptable';
      res.status(status).json(errorBody('bad_request', message, { fields: { body: problem } }));
      return;
    }
    if (error?.name === 'SequelizeForeignKeyConstraintError') {
      res.status(409).json(errorBody('conflict', 'The record is referenced by other records or refers to a missing one'));
      return;
    }
    const unique = uniqueViolationAnswer(error);
    if (unique) {
      const { status: uniqueStatus, error: code, message, ...rest } = unique;
      res.status(uniqueStatus).json(errorBody(code, message, rest));
      return;
    }
    if (error?.name === 'SequelizeUniqueConstraintError') {
      const fields = Object.fromEntries(Object.keys(error.fields ?? {}).map((f) => [f, 'is already taken']));
      res.status(409).json(errorBody('conflict', 'A record with these values already exists', { fields }));
      return;
    }
    const badValue = badValueAnswer(error, req);
    if (badValue) {
      const { error: code, message, ...rest } = badValue;
      res.status(400).json(errorBody(code, message, rest));
      return;
    }
    (req.log ?? logger).error({ err: error }, 'unhandled error');
    if (!res.headersSent) res.status(500).json(errorBody('internal', 'Something went wrong on our side; try again'));
  };
}
