import { ApiError } from './api.js';
import type { Strings } from './i18n.js';

type ErrorKey = keyof Strings['errors'];

/** The API's stable error codes (the `error` field of every error answer) and what the client is told. */
const BY_CODE: Record<string, ErrorKey> = {
  network: 'network',
  unauthorized: 'unauthorized',
  forbidden: 'notClient',
  not_found: 'notFound',
  validation: 'invalid',
  bad_request: 'invalid',
  conflict: 'conflict',
  rate_limited: 'tooMany',
  unavailable: 'unavailable',
};

// Answers without a code (a proxy's error page) are read by their status.
const BY_STATUS: Record<number, ErrorKey> = {
  0: 'network',
  400: 'invalid',
  401: 'unauthorized',
  403: 'notClient',
  404: 'notFound',
  409: 'conflict',
  429: 'tooMany',
  502: 'unavailable',
  503: 'unavailable',
  504: 'unavailable',
};

/** True when the API refused a decision because the request was decided already (in the chat, by someone else). */
export const isAlreadyDecided = (error: unknown): boolean => error instanceof ApiError && error.code === 'conflict' && error.body.reason === 'already_decided';

/** Turns an error into words the client understands, in their language: by the API's code, never showing the code. */
export function errorText(error: unknown, t: Strings): string {
  if (!(error instanceof ApiError)) return t.errors.generic;
  return t.errors[BY_CODE[error.code] ?? BY_STATUS[error.status] ?? 'generic'];
}
