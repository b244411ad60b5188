import { ApiError } from './api.js';
import type { Strings } from './i18n.js';

/** Turns an error into words the client understands. */
export function errorText(error: unknown, t: Strings): string {
  if (!(error instanceof ApiError)) return t.errors.generic;
  if (error.status === 0) return t.errors.network;
  if (error.status === 401) return t.errors.unauthorized;
  if (error.status === 403) return t.errors.notClient;
  if (error.status === 404) return t.errors.notFound;
  return t.errors.generic;
}
